//! What `yidi export` writes: today's (or a period's) cases as tab-separated lines, with
//! the applicants' names, IDs and phones masked unless the operator may and asks.

use crate::domain::clock::TZ;
use crate::domain::party::{Party, PartyRole, mask_name};
use crate::domain::{Case, phone, resident_id};

pub const HEADER: &str =
    "case_no\treceived\tchannel\tcategory\tstate\tapplicant\tresident_id\tphone";

/// One case as one line; tabs and line breaks in the text become spaces.
pub fn line(case: &Case, parties: &[Party], unmasked: bool) -> String {
    let applicant = parties.iter().find(|p| p.role == PartyRole::Applicant);
    let name = applicant.map_or(String::new(), |p| {
        if unmasked || p.is_organisation {
            p.name.clone()
        } else {
            mask_name(&p.name)
        }
    });
    let id = applicant
        .and_then(|p| p.resident_id.as_deref())
        .map_or(String::new(), |id| {
            if unmasked {
                id.to_string()
            } else {
                resident_id::mask(id)
            }
        });
    let tel = applicant
        .and_then(|p| p.phone.as_deref())
        .map_or(String::new(), |t| {
            if unmasked {
                t.to_string()
            } else {
                phone::mask(t)
            }
        });
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    [
        case.case_no.clone(),
        case.received_at
            .with_timezone(&TZ)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        case.channel.to_string(),
        clean(&case.category),
        case.state.to_string(),
        clean(&name),
        id,
        tel,
    ]
    .join("\t")
}
