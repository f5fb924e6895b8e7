//! The report's "Conditions" section: what each condition is (for organisation experiments:
//! the organisation and its levers), and what was swept.

use crate::charts::data::RunData;
use crate::charts::report::{condition_swatch, escape};
use crate::charts::theme;
use crate::experiment::plan::Cell;
use std::fmt::Write as _;

/// Writes the section.
pub fn section(h: &mut String, data: &RunData) {
    h.push_str("<section id=\"conditions\">\n<h2>Conditions</h2>\n");
    if data.is_organisation() {
        organisations(h, data);
    } else {
        processes(h, data);
    }
    sweep(h, data);
    h.push_str("<p class=\"note\">The table shows each condition at the first sweep point; the full resolved scenarios are in manifest.json.</p>\n</section>\n");
}

fn description(data: &RunData, condition: usize) -> String {
    data.manifest
        .conditions
        .get(condition)
        .map(|c| c.description.clone())
        .unwrap_or_default()
}

/// The case of a cell: its name, or what the generator makes.
fn case(cell: &Cell, stakeholders: bool) -> String {
    let s = &cell.scenario;
    match (&s.case, &s.case_generator) {
        (Some(c), _) => c.clone(),
        (None, Some(g)) if stakeholders => format!(
            "generated: {} stakeholders, {} issues",
            g.stakeholders, g.issues
        ),
        (None, Some(g)) => format!("generated: {} issues", g.issues),
        (None, None) => String::new(),
    }
}

fn processes(h: &mut String, data: &RunData) {
    h.push_str("<table>\n<thead><tr><th>condition</th><th>description</th><th>case</th><th>culture</th><th>protocol</th><th>decision rule</th><th>facilitator</th><th class=\"num\">deadline</th></tr></thead>\n<tbody>\n");
    for (i, name) in data.conditions.iter().enumerate() {
        let cell = &data.plan.cells[i];
        let s = &cell.scenario;
        let _ = writeln!(
            h,
            "<tr><td class=\"name\"><span class=\"swatch\" style=\"background:{}\"></span>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            condition_swatch(i),
            escape(name),
            escape(&description(data, i)),
            escape(&case(cell, true)),
            escape(&s.culture),
            escape(s.protocol.key()),
            escape(s.norms.decision_rule.key()),
            if s.norms.facilitator { "yes" } else { "no" },
            s.deadline
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

fn organisations(h: &mut String, data: &RunData) {
    // Lever experiments often describe their conditions by their levers alone.
    let described = (0..data.conditions.len()).any(|i| !description(data, i).is_empty());
    h.push_str("<table>\n<thead><tr><th>condition</th>");
    if described {
        h.push_str("<th>description</th>");
    }
    h.push_str("<th>levers</th><th>culture</th><th>case</th><th class=\"num\">people</th><th class=\"num\">cycles</th><th class=\"num\">group size</th><th class=\"num\">turnover</th></tr></thead>\n<tbody>\n");
    for (i, name) in data.conditions.iter().enumerate() {
        let cell = &data.plan.cells[i];
        let Some(o) = &cell.scenario.organisation else {
            continue;
        };
        let _ = write!(
            h,
            "<tr><td class=\"name\"><span class=\"swatch\" style=\"background:{}\"></span>{}</td>",
            condition_swatch(i),
            escape(name)
        );
        if described {
            let _ = write!(h, "<td>{}</td>", escape(&description(data, i)));
        }
        let _ = writeln!(
            h,
            "<td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}–{}</td><td class=\"num\">{} per cycle</td></tr>",
            escape(&crate::text::levers(o)),
            escape(&cell.scenario.culture),
            escape(&case(cell, false)),
            o.population,
            o.cycles,
            o.group_size.min,
            o.group_size.max,
            theme::percent(o.turnover)
        );
    }
    h.push_str("</tbody>\n</table>\n");
    h.push_str("<p class=\"note\">Each organisation run follows the same people through every cycle; levers act between processes. Costs are in the experiment's cost units (see the experiment file).</p>\n");
}

fn sweep(h: &mut String, data: &RunData) {
    if data.axes.is_empty() {
        return;
    }
    if data.one_at_a_time() {
        h.push_str("<p>Swept parameters, one at a time (each value of one parameter, with the others at their base values, under every condition):</p>\n<ul>\n");
    } else {
        h.push_str(
            "<p>Swept parameters (every combination was run under every condition):</p>\n<ul>\n",
        );
    }
    for (a, axis) in data.axes.iter().enumerate() {
        let mut base = String::new();
        if data.one_at_a_time() {
            let labels: Vec<&str> = (0..data.conditions.len())
                .filter_map(|c| data.base_label(c, a))
                .collect();
            if let Some(first) = labels.first()
                && labels.iter().all(|l| l == first)
            {
                base = format!(" (base value {})", escape(first));
            }
        }
        let _ = writeln!(
            h,
            "<li><code>{}</code>: {}{base}</li>",
            escape(&axis.key),
            escape(&axis.labels.join(", "))
        );
    }
    h.push_str("</ul>\n");
}
