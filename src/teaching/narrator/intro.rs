//! The opening of a narration: the case, the people at the table and the rules.

use super::Narrator;
use crate::model::culture::{Culture, DecisionRule};
use crate::protocol::setup::Rules;
use crate::teaching::catalogue::Msg;

impl<'a> Narrator<'a> {
    /// The scene: title, story, who sits at the table, the culture and the rules, and what
    /// each stakeholder wants most (which the others do not know).
    pub fn intro(&self, culture: &Culture, rules: &Rules) -> Vec<String> {
        self.intro_with(culture, rules, true)
    }

    /// The scene; `reveal` adds what each stakeholder wants most (not for a person who plays).
    pub fn intro_with(&self, culture: &Culture, rules: &Rules, reveal: bool) -> Vec<String> {
        let lang = self.speak.lang;
        let case = &self.case.case;
        let title = case.title.get(lang).to_string();
        let mut lines = vec![
            title.clone(),
            "=".repeat(title.chars().count()),
            String::new(),
        ];
        let story = case.story.get(lang);
        if !story.is_empty() {
            lines.push(self.speak.say(Msg::IntroStory, &[("story", story)]));
            lines.push(String::new());
        }
        lines.push(
            self.speak
                .say(Msg::IntroSeats, &[("list", &self.speak.list(&self.names))]),
        );
        lines.push(
            self.speak
                .say(
                    Msg::IntroCulture,
                    &[
                        ("culture", &self.speak.culture(&culture.name)),
                        ("description", culture.description.get(lang)),
                    ],
                )
                .trim_end()
                .to_string(),
        );
        let rule = match rules.decision_rule {
            DecisionRule::Unanimity => Msg::RuleUnanimity,
            DecisionRule::Majority => Msg::RuleMajority,
            DecisionRule::Consent => Msg::RuleConsent,
        };
        let mut rules_line = self.speak.say(
            Msg::IntroDeadline,
            &[("rounds", &self.speak.rounds(rules.deadline))],
        );
        rules_line.push(' ');
        rules_line.push_str(&self.speak.say(rule, &[]));
        if rules.facilitator {
            rules_line.push(' ');
            rules_line.push_str(&self.speak.say(Msg::IntroFacilitator, &[]));
        }
        lines.push(rules_line);
        lines.push(self.speak.say(Msg::IntroScale, &[]));
        lines.push(self.speak.say(
            Msg::IntroWorld,
            &[("threshold", &self.speak.points(case.world_threshold))],
        ));
        lines.push(String::new());
        if !reveal {
            return lines;
        }
        lines.push(self.speak.say(Msg::IntroInterestsHeader, &[]));
        for s in 0..self.case.n {
            let w = &self.case.weights[s * self.case.k..(s + 1) * self.case.k];
            let mut order: Vec<usize> = (0..self.case.k).collect();
            order.sort_by(|&a, &b| w[b].total_cmp(&w[a]).then(a.cmp(&b)));
            let top: Vec<&str> = order.iter().take(2).map(|&i| self.issue(i)).collect();
            lines.push(format!(
                "  - {}",
                self.speak.sentence(
                    Msg::IntroInterest,
                    &[
                        ("who", self.name(s)),
                        ("issues", &self.speak.list(&top)),
                        ("batna", &self.speak.points(self.case.batna[s])),
                    ],
                )
            ));
        }
        lines
    }
}
