//! Why the relay refused a request, in terms a device can explain to a person.

/// Why the relay refused. Sent as one byte; a device turns it into plain words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// No valid signature for this project on this connection (yet).
    Unauthorized,
    /// The project is not on this relay, and the hello did not register it.
    UnknownProject,
    /// Registration asked for a project id that another key already holds.
    ProjectExists,
    /// A frame, blob or batch is over the announced limits.
    TooLarge,
    /// This connection or project is sending faster than the relay allows.
    RateLimited,
    /// The project already has as many connected devices as the limits allow.
    TooManyConnections,
    /// The frame did not decode; the relay closes the connection after this.
    BadFrame,
    /// The frame decoded but asks for something impossible, such as a snapshot
    /// covering sequence numbers the log has not reached.
    BadRequest,
    /// The relay is stopping; try again shortly.
    ShuttingDown,
    /// Something failed inside the relay; nothing about it is sent.
    Internal,
}

impl Refusal {
    pub(crate) fn to_byte(self) -> u8 {
        match self {
            Refusal::Unauthorized => 1,
            Refusal::UnknownProject => 2,
            Refusal::ProjectExists => 3,
            Refusal::TooLarge => 4,
            Refusal::RateLimited => 5,
            Refusal::TooManyConnections => 6,
            Refusal::BadFrame => 7,
            Refusal::BadRequest => 8,
            Refusal::ShuttingDown => 9,
            Refusal::Internal => 10,
        }
    }

    pub(crate) fn from_byte(byte: u8) -> Option<Refusal> {
        Some(match byte {
            1 => Refusal::Unauthorized,
            2 => Refusal::UnknownProject,
            3 => Refusal::ProjectExists,
            4 => Refusal::TooLarge,
            5 => Refusal::RateLimited,
            6 => Refusal::TooManyConnections,
            7 => Refusal::BadFrame,
            8 => Refusal::BadRequest,
            9 => Refusal::ShuttingDown,
            10 => Refusal::Internal,
            _ => return None,
        })
    }
}
