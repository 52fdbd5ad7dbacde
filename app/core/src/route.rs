//! The app's screens as URL paths, so reloads, deep links and the back button
//! land on the same screen.

use crate::id::DocId;

/// Which of the interface's wasm modules draws a screen. The first module
/// holds everything a person answering needs; the coordinator's screens are a
/// second module and a survey's results a third, each loaded the first time
/// one of its screens opens, so the first screen stays small and neither of
/// the others carries the other's screens. Moving between them is a page load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Module {
    First,
    Coordinator,
    Results,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The projects on this device, and creating one.
    Home,
    /// One project: its settings, surveys, guides, responses and sessions.
    Project {
        project: DocId,
    },
    /// The survey builder for one survey of a project.
    Builder {
        project: DocId,
        survey: String,
    },
    /// The briefing, consent and "who is answering" before a new response.
    Start {
        project: DocId,
        survey: String,
    },
    /// Adding to a project: a built-in template or guide, a new survey for
    /// the builder, or a survey file.
    AddToProject {
        project: DocId,
    },
    /// The results of one survey: a table for each question.
    Results {
        project: DocId,
        survey: String,
    },
    /// A survey as a printable paper form.
    Paper {
        project: DocId,
        survey: String,
    },
    /// A conversation or "tea and talk" session and its note cards.
    Session {
        session: DocId,
    },
    /// One question of a response; `question` counts from 0.
    Question {
        response: DocId,
        question: usize,
    },
    /// Every answer of a response, before marking it complete.
    Review {
        response: DocId,
    },
    /// After finishing: hides the answers until the device is handed back;
    /// the next response starts from here, for the same survey when it is
    /// named (a survey is only named with its project).
    Handover {
        project: Option<DocId>,
        survey: Option<String>,
    },
    /// Where the pictures come from and their licence.
    AboutPictures,
    /// A project's invite as a QR code and a link, for another device.
    Invite {
        project: DocId,
    },
    /// Joining a project another device shares: scanning its QR code or
    /// pasting its link.
    Join,
    NotFound,
}

impl Route {
    pub fn parse(path: &str) -> Route {
        let parts: Vec<&str> = path
            .trim_matches('/')
            .split('/')
            .filter(|p| !p.is_empty())
            .collect();
        match parts.as_slice() {
            [] => Route::Home,
            ["projects", id, rest @ ..] => {
                let Ok(project) = DocId::parse(id) else {
                    return Route::NotFound;
                };
                match rest {
                    [] => Route::Project { project },
                    ["invite"] => Route::Invite { project },
                    ["add"] => Route::AddToProject { project },
                    ["thank-you"] => Route::Handover {
                        project: Some(project),
                        survey: None,
                    },
                    ["surveys", survey, "thank-you"] if is_slug(survey) => Route::Handover {
                        project: Some(project),
                        survey: Some((*survey).to_owned()),
                    },
                    ["surveys", survey] if is_slug(survey) => Route::Builder {
                        project,
                        survey: (*survey).to_owned(),
                    },
                    ["surveys", survey, "start"] if is_slug(survey) => Route::Start {
                        project,
                        survey: (*survey).to_owned(),
                    },
                    ["surveys", survey, "paper"] if is_slug(survey) => Route::Paper {
                        project,
                        survey: (*survey).to_owned(),
                    },
                    ["surveys", survey, "results"] if is_slug(survey) => Route::Results {
                        project,
                        survey: (*survey).to_owned(),
                    },
                    _ => Route::NotFound,
                }
            }
            ["sessions", id] => match DocId::parse(id) {
                Ok(session) => Route::Session { session },
                Err(_) => Route::NotFound,
            },
            ["thank-you"] => Route::Handover {
                project: None,
                survey: None,
            },
            ["about", "pictures"] => Route::AboutPictures,
            ["join"] => Route::Join,
            ["responses", id, rest @ ..] => {
                let Ok(response) = DocId::parse(id) else {
                    return Route::NotFound;
                };
                match rest {
                    [] => Route::Question {
                        response,
                        question: 0,
                    },
                    ["review"] => Route::Review { response },
                    [n] => match n.parse::<usize>() {
                        Ok(n) if n >= 1 => Route::Question {
                            response,
                            question: n - 1,
                        },
                        _ => Route::NotFound,
                    },
                    _ => Route::NotFound,
                }
            }
            _ => Route::NotFound,
        }
    }

    /// The module that draws this screen. `public/boot.js` makes the same
    /// choice from the address before either module loads: keep the two in
    /// step.
    pub fn module(&self) -> Module {
        match self {
            // The invite draws a QR code and the join screen reads one: their
            // encoder and decoder stay out of the first screen.
            // Adding a survey brings the templates and the survey file's
            // checks, which a person answering never needs.
            Route::Builder { .. }
            | Route::Paper { .. }
            | Route::Invite { .. }
            | Route::Join
            | Route::AddToProject { .. } => Module::Coordinator,
            // Results bring their tables, charts and the files of responses
            // (the csv crate among them).
            Route::Results { .. } => Module::Results,
            _ => Module::First,
        }
    }

    pub fn path(&self) -> String {
        match self {
            Route::Home | Route::NotFound => "/".to_owned(),
            Route::Question { response, question } => {
                format!("/responses/{response}/{}", question + 1)
            }
            Route::Review { response } => format!("/responses/{response}/review"),
            Route::Project { project } => format!("/projects/{project}"),
            Route::Builder { project, survey } => format!("/projects/{project}/surveys/{survey}"),
            Route::Start { project, survey } => {
                format!("/projects/{project}/surveys/{survey}/start")
            }
            Route::Paper { project, survey } => {
                format!("/projects/{project}/surveys/{survey}/paper")
            }
            Route::Results { project, survey } => {
                format!("/projects/{project}/surveys/{survey}/results")
            }
            Route::Session { session } => format!("/sessions/{session}"),
            Route::Handover { project: None, .. } => "/thank-you".to_owned(),
            Route::AboutPictures => "/about/pictures".to_owned(),
            Route::Invite { project } => format!("/projects/{project}/invite"),
            Route::AddToProject { project } => format!("/projects/{project}/add"),
            Route::Join => "/join".to_owned(),
            Route::Handover {
                project: Some(project),
                survey: None,
            } => format!("/projects/{project}/thank-you"),
            Route::Handover {
                project: Some(project),
                survey: Some(survey),
            } => format!("/projects/{project}/surveys/{survey}/thank-you"),
        }
    }
}

/// Survey ids in paths: lower-case letters, digits and dashes.
fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip() {
        let id = DocId::from_random([4; 16]);
        for route in [
            Route::Home,
            Route::Question {
                response: id.clone(),
                question: 0,
            },
            Route::Question {
                response: id.clone(),
                question: 11,
            },
            Route::Review {
                response: id.clone(),
            },
            Route::Start {
                project: id.clone(),
                survey: "what-matters-support".into(),
            },
            Route::Paper {
                project: id.clone(),
                survey: "what-matters-support".into(),
            },
            Route::Project {
                project: id.clone(),
            },
            Route::Builder {
                project: id.clone(),
                survey: "s-2".into(),
            },
            Route::Session {
                session: id.clone(),
            },
            Route::Handover {
                project: None,
                survey: None,
            },
            Route::AboutPictures,
            Route::Handover {
                project: Some(id.clone()),
                survey: None,
            },
            Route::Handover {
                project: Some(id.clone()),
                survey: Some("what-matters-support".into()),
            },
            Route::Invite {
                project: id.clone(),
            },
            Route::AddToProject {
                project: id.clone(),
            },
            Route::Results {
                project: id.clone(),
                survey: "what-matters-support".into(),
            },
            Route::Join,
        ] {
            assert_eq!(Route::parse(&route.path()), route);
        }
    }

    #[test]
    fn the_builder_paper_copies_invite_and_join_are_the_coordinators_and_results_their_own() {
        let id = DocId::from_random([4; 16]);
        let check = |path: String, expected: Module| {
            assert_eq!(Route::parse(&path).module(), expected, "{path}")
        };
        check(format!("/projects/{id}/surveys/s-2"), Module::Coordinator);
        check(
            format!("/projects/{id}/surveys/s-2/paper/"),
            Module::Coordinator,
        );
        check(format!("/projects/{id}/surveys/s-2/start"), Module::First);
        check(format!("/projects/{id}"), Module::First);
        check(format!("/sessions/{id}"), Module::First);
        check("/".to_owned(), Module::First);
        check(format!("/projects/{id}/invite"), Module::Coordinator);
        check(format!("/projects/{id}/add"), Module::Coordinator);
        check(
            format!("/projects/{id}/surveys/s-2/results"),
            Module::Results,
        );
        check(
            format!("/projects/{id}/surveys/s-2/results/"),
            Module::Results,
        );
        check(
            format!("/projects/{id}/surveys/s-2/results/x"),
            Module::First,
        );
        check("/join".to_owned(), Module::Coordinator);
        check("/join/".to_owned(), Module::Coordinator);
        check(format!("/projects/{id}/invite/x"), Module::First);
        check("/join/x".to_owned(), Module::First);
        // Malformed coordinator-looking paths are not found, which the
        // first module draws; the others draw "not found" too, so any
        // module shows the same thing whichever the boot chose.
        check("/projects/nothex/surveys/s-2".to_owned(), Module::First);
    }

    #[test]
    fn unknown_or_malformed_paths_are_not_found() {
        let id = DocId::from_random([4; 16]);
        let check =
            |path: &str, expected: Route| assert_eq!(Route::parse(path), expected, "{path}");
        check("", Route::Home);
        check("//", Route::Home);
        check(
            &format!("/responses/{id}"),
            Route::Question {
                response: id.clone(),
                question: 0,
            },
        );
        check(&format!("/responses/{id}/0"), Route::NotFound);
        check(&format!("/responses/{id}/x"), Route::NotFound);
        check(&format!("/responses/{id}/1/2"), Route::NotFound);
        check("/responses/nothex/1", Route::NotFound);
        check("/settings", Route::NotFound);
        check(
            &format!("/projects/{id}/surveys/Bad_Survey"),
            Route::NotFound,
        );
        check(&format!("/projects/{id}/surveys/"), Route::NotFound);
        check(
            &format!("/projects/{id}/surveys/{}/start", "a".repeat(65)),
            Route::NotFound,
        );
        check("/projects/nothex", Route::NotFound);
        check("/projects/nothex/invite", Route::NotFound);
        check("/join/more", Route::NotFound);
        check(&format!("/projects/{id}/elsewhere"), Route::NotFound);
        check("/sessions/12", Route::NotFound);
        check("/start/what-matters-support", Route::NotFound);
    }
}
