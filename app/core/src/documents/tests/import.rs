//! An import of responses, against in-memory storage: checked without a
//! trace, refused whole for one bad row, and stored as complete responses
//! marked as imported, whose results are those of the export they came from.

use super::*;

fn tables_of(docs: &mut Documents, project: u8, survey: &str) -> (usize, String) {
    let outcome = docs.handle(ToWorker::Results {
        id: id(project),
        survey: survey.into(),
        query: String::new(),
    });
    match &outcome.events[..] {
        [
            FromWorker::Results {
                responses, tables, ..
            },
        ] => (*responses, tables.clone()),
        other => panic!("{other:?}"),
    }
}

fn import(
    docs: &RefCell<Documents>,
    project: u8,
    survey: &str,
    csv: &str,
    store: bool,
) -> (ImportBatch, crate::results::import::ImportReport) {
    let mut n = 0u8;
    let mut random = || {
        n = n.wrapping_add(1);
        [n, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7]
    };
    let answer = docs.borrow_mut().import_responses(
        ImportRequest {
            project: id(project),
            survey: survey.into(),
            file: "paper forms.csv",
            bytes: csv.as_bytes(),
            mapping: &Default::default(),
            store,
            now: Timestamp(1_800_000_000_000),
        },
        &mut random,
    );
    let (batch, report) = answer.unwrap();
    // The screen reads the report as JSON.
    let report = serde_json::to_string(&report).unwrap();
    (batch, serde_json::from_str(&report).unwrap())
}

#[test]
fn an_export_imported_into_a_fresh_project_gives_the_same_tables() {
    pollster::block_on(async {
        let storage = MemoryStorage::new();
        let docs = RefCell::new(reload(&storage).await.0);
        let survey = project_with_survey(&docs, &storage, 200).await;
        for (n, rating) in [(1, 4), (2, 2), (3, 5)] {
            rate(&mut docs.borrow_mut(), (n, 200), &survey, rating, true);
        }
        let exported = docs.borrow_mut().handle(ToWorker::ExportResponses {
            id: id(200),
            survey: survey.clone(),
            text_headers: true,
            labels: true,
            byte_order_mark: true,
            language: "en".into(),
            json: false,
        });
        let [FromWorker::ResponsesExported { csv, .. }] = &exported.events[..] else {
            panic!()
        };
        let expected = tables_of(&mut docs.borrow_mut(), 200, &survey);
        assert_eq!(expected.0, 3);

        // Another device, with the same survey and no responses.
        let other = MemoryStorage::new();
        let fresh = RefCell::new(reload(&other).await.0);
        project_with_survey(&fresh, &other, 201).await;

        // Checked only: the report, and nothing made.
        let (batch, report) = import(&fresh, 201, &survey, csv, false);
        assert!(batch.writes.is_empty() && batch.events.is_empty());
        assert_eq!((report.rows, report.stored, report.error), (3, false, None));
        assert_eq!(tables_of(&mut fresh.borrow_mut(), 201, &survey).0, 0);

        // One bad row: refused whole, nothing made.
        let bad = csv.replacen("\n", "\nnot,a,row\n", 1);
        let (batch, report) = import(&fresh, 201, &survey, &bad, true);
        assert!(batch.writes.is_empty() && batch.made.is_empty());
        assert!(!report.stored);
        let Some(crate::results::import::ImportError::Rows { bad, total: 1 }) = report.error else {
            panic!("{:?}", report.error)
        };
        assert_eq!(bad[0].line, 2);
        assert_eq!(tables_of(&mut fresh.borrow_mut(), 201, &survey).0, 0);

        // A disk that refuses the write keeps none of them, on storage or
        // in memory, and no screen hears of them.
        other.fail_writes(Some(crate::storage::StorageError::QuotaExceeded));
        let (batch, _) = import(&fresh, 201, &survey, csv, true);
        assert_eq!(batch.made.len(), 3);
        assert!(other.apply_all(&batch.writes).await.is_err());
        fresh.borrow_mut().import_written(&batch.made, false);
        assert_eq!(tables_of(&mut fresh.borrow_mut(), 201, &survey).0, 0);
        assert_eq!(
            reload(&other).await.0.summaries().len(),
            1,
            "the project only"
        );
        other.fail_writes(None);

        // Stored: complete responses, marked, counted like any other, in
        // one write.
        let (batch, report) = import(&fresh, 201, &survey, csv, true);
        assert_eq!((report.rows, report.stored), (3, true));
        // Every screen hears of each new response, complete, in one message.
        let [FromWorker::ResponsesChanged { items }] = &batch.events[..] else {
            panic!("{:?}", batch.events)
        };
        let announced = items
            .iter()
            .filter(|(id, summary)| {
                batch.made.contains(id)
                    && matches!(summary, Summary::Response(r)
                        if r.completed.is_some() && r.project == Some(crate::documents::tests::id(201)))
            })
            .count();
        assert_eq!(announced, 3);
        assert_eq!(other.apply_all(&batch.writes).await, Ok(()));
        fresh.borrow_mut().import_written(&batch.made, true);
        if let Some(project) = &batch.project {
            assert_eq!(
                flush(&fresh, &other, project.dirty.as_ref().unwrap()).await,
                Ok(())
            );
        }
        let ids = batch.made.clone();
        assert_eq!(
            fresh.borrow_mut().next_write(&ids[0]).map(|w| w.puts.len()),
            None,
            "nothing left to write"
        );
        let mut reloaded = reload(&other).await.0;
        let again = {
            // The reloaded worker opens what results need, as the scheduler does.
            let request = ToWorker::Results {
                id: id(201),
                survey: survey.clone(),
                query: String::new(),
            };
            super::read_needs(&mut reloaded, &other, &request).await;
            tables_of(&mut reloaded, 201, &survey)
        };
        assert_eq!(again, expected, "the same tables, from what is on storage");
        let response = ids.iter().find(|d| **d != id(201)).unwrap();
        let Some(Doc::Response(doc)) = reloaded.entries.get(response).map(|e| &e.doc) else {
            panic!()
        };
        assert_eq!(
            doc.imported(),
            Some(("paper forms.csv".to_owned(), Timestamp(1_800_000_000_000)))
        );
        let setup = doc.setup().unwrap();
        assert_eq!(setup.consent, crate::response::Consent::Elsewhere);
        assert_eq!(setup.respondent, "R-234567", "the export's pseudonym kept");
    });
}
