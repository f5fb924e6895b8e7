//! Wording shared by the command line, the charts and the report.

use crate::model::organisation::{MentorPool, NormDirection, OrganisationConfig, Timing};

/// A count with its noun in the right number: `1 cycle`, `50 cycles`.
pub fn counted(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A share as a percentage without needless decimals: 0.03 as `3%`, 0.125 as `12.5%`.
pub fn percent(share: f64) -> String {
    format!("{}%", (share * 10000.0).round() / 100.0)
}

/// The levers an organisation pulls, each with its dose and when it acts, separated by
/// semicolons (levers with a zero dose are left out; `none` without any): `training of 20% of
/// the people (dose 0.3: openness, empathy) every 5 cycles`. Timing is read against the
/// organisation's cycles: a lever that starts after the last cycle never acts.
pub fn levers(org: &OrganisationConfig) -> String {
    let when = |t: &Timing| {
        if t.start > org.cycles {
            return format!(
                " never acts: it starts in cycle {}, after the last cycle",
                t.start
            );
        }
        if t.stop == t.start || t.start == org.cycles {
            return format!(" in cycle {} only", t.start);
        }
        let every = match t.every {
            0 | 1 => String::new(),
            n => format!(" every {n} cycles"),
        };
        let span = match (t.start, t.stop) {
            (1, 0) => String::new(),
            (start, 0) => format!(" from cycle {start}"),
            (start, stop) => format!(" in cycles {start} to {stop}"),
        };
        format!("{every}{span}")
    };
    let (t, c, f, m, e) = (
        &org.training,
        &org.culture_norm,
        &org.facilitation,
        &org.mentoring,
        &org.evaluation,
    );
    let traits: Vec<&str> = t.traits.iter().map(|n| n.key()).collect();
    let mentors = match m.pool {
        MentorPool::Experienced => "by experienced colleagues".to_string(),
        MentorPool::Collaborative => format!(
            "by the most collaborative {} of experienced colleagues",
            percent(m.pool_share)
        ),
        MentorPool::Trained => "by trained colleagues".to_string(),
        MentorPool::External => format!("by external coaches ({})", m.coach_culture),
    };
    let direction = match c.direction {
        NormDirection::Collaborative => "collaborative",
        NormDirection::Positional => "positional",
    };
    // (dose, what it does, when): a lever with a zero dose is not pulled.
    [
        (
            t.share.min(t.dose),
            format!(
                "training of {} of the people (dose {}: {})",
                percent(t.share),
                t.dose,
                traits.join(", ")
            ),
            &t.timing,
        ),
        (
            c.strength,
            format!("{direction} culture norm (strength {})", c.strength),
            &c.timing,
        ),
        (
            f.share,
            format!("a facilitator at {} of the tables", percent(f.share)),
            &f.timing,
        ),
        (
            m.rate,
            format!("mentoring of newcomers {mentors} (rate {})", m.rate),
            &m.timing,
        ),
        (
            e.learning_rate,
            format!("evaluate-and-learn (learning rate {})", e.learning_rate),
            &e.timing,
        ),
    ]
    .into_iter()
    .filter(|(dose, ..)| *dose > 0.0)
    .map(|(_, what, timing)| format!("{what}{}", when(timing)))
    .reduce(|all, lever| format!("{all}; {lever}"))
    .unwrap_or_else(|| "none".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levers_read_as_words_with_their_timing() {
        let mut o = OrganisationConfig::default();
        assert_eq!(levers(&o), "none");
        o.training.share = 0.2;
        o.training.traits.truncate(2);
        o.facilitation.share = 0.125;
        o.culture_norm.strength = 0.05;
        o.culture_norm.timing.start = 3;
        o.culture_norm.timing.stop = 3;
        o.mentoring.rate = 0.1;
        o.mentoring.timing.start = 60;
        assert_eq!(
            levers(&o),
            [
                "training of 20% of the people (dose 0.3: openness, empathy) every 5 cycles",
                "collaborative culture norm (strength 0.05) in cycle 3 only",
                "a facilitator at 12.5% of the tables",
                "mentoring of newcomers by experienced colleagues (rate 0.1) never acts: it starts in cycle 60, after the last cycle",
            ]
            .join("; ")
        );
    }

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(counted(1u32, "cycle", "cycles"), "1 cycle");
        assert_eq!(counted(0u32, "cycle", "cycles"), "0 cycles");
        assert_eq!(counted(7u64, "process", "processes"), "7 processes");
    }
}
