//! Generated cases: structure from parameters, numbers from a seeded stream. The same
//! parameters and stream give the same case on every machine.

use crate::error::{Error, Result};
use crate::model::case::{Case, Issue, IssueOption, MAX_OPTIONS, StakeholderInterests};
use crate::model::label::Label;
use crate::rng::{Stream, index, normal, unit};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// Which family of cases to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum GeneratorKind {
    /// Distributive, compatible and integrative issues in a given mix (docs/model.md, section 6.2).
    #[default]
    Structured,
    /// Independent uniform weights and valuations, as in the NegMAS/GENIUS random-domain
    /// benchmarks: w ~ U[0,1) normalised, v ~ U[0,1).
    RandomLinear,
}

/// The kind of an issue in a structured case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    /// Valuations opposed, equal priorities: what one gains the other loses.
    Distributive,
    /// Valuations aligned: everyone wants the same option.
    Compatible,
    /// Valuations opposed but priorities differ, so trades create joint value.
    Integrative,
}

impl IssueKind {
    /// Lower-case name.
    pub fn key(self) -> &'static str {
        match self {
            IssueKind::Distributive => "distributive",
            IssueKind::Compatible => "compatible",
            IssueKind::Integrative => "integrative",
        }
    }
}

/// Parameters of a generated case (`case = { generate = { ... } }` in a scenario).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CaseGenerator {
    /// Family of cases.
    pub kind: GeneratorKind,
    /// Number of stakeholders (2 or more).
    pub stakeholders: usize,
    /// Number of issues (1 or more).
    pub issues: usize,
    /// Visible options per issue (2 or more).
    pub options: usize,
    /// Relative share of distributive issues.
    pub distributive: f64,
    /// Relative share of compatible issues.
    pub compatible: f64,
    /// Relative share of integrative issues.
    pub integrative: f64,
    /// How different stakeholders' priorities are on integrative issues, in [0, 1].
    pub priority_heterogeneity: f64,
    /// Does world value go with joint utility (1), against it (-1) or neither (0)?
    pub world_alignment: f64,
    /// Number of hidden options that beat the visible ones for several stakeholders at once.
    pub hidden_options: usize,
    /// Mean BATNA, in [0, 1).
    pub batna: f64,
    /// Spread of BATNAs around the mean (a standard deviation, in [0, 1]).
    pub batna_spread: f64,
    /// World value needed for a win-win-win, in [0, 1].
    pub world_threshold: f64,
    /// Fixed case seed: the same case for every replication. Without it, every replication
    /// gets its own case (shared by all conditions of that replication).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

impl Default for CaseGenerator {
    fn default() -> CaseGenerator {
        CaseGenerator {
            kind: GeneratorKind::Structured,
            stakeholders: 2,
            issues: 6,
            options: 5,
            distributive: 1.0,
            compatible: 1.0,
            integrative: 2.0,
            priority_heterogeneity: 0.6,
            world_alignment: 0.5,
            hidden_options: 0,
            batna: 0.3,
            batna_spread: 0.05,
            world_threshold: 0.5,
            seed: None,
        }
    }
}

impl CaseGenerator {
    /// Checks the parameters; errors carry the key.
    pub fn validate(&self) -> Result<()> {
        let err = |k: &str, m: String| Err(Error::input(m).at_key(k.to_string()));
        if self.stakeholders < 2 {
            return err(
                "stakeholders",
                format!(
                    "a case needs at least 2 stakeholders, found {}",
                    self.stakeholders
                ),
            );
        }
        if self.stakeholders > 1000 {
            return err(
                "stakeholders",
                format!("at most 1000 stakeholders, found {}", self.stakeholders),
            );
        }
        if self.issues == 0 || self.issues > 64 {
            return err(
                "issues",
                format!("issues must be between 1 and 64, found {}", self.issues),
            );
        }
        if self.options < 2 || self.options + self.hidden_options > MAX_OPTIONS {
            return err(
                "options",
                format!(
                    "options must be at least 2 and, with hidden options, at most {MAX_OPTIONS}; found {}",
                    self.options
                ),
            );
        }
        for (k, v) in [
            ("distributive", self.distributive),
            ("compatible", self.compatible),
            ("integrative", self.integrative),
        ] {
            if !v.is_finite() || v < 0.0 {
                return err(
                    k,
                    format!("an issue share must be a finite number, 0 or more, found {v}"),
                );
            }
        }
        let shares = self.distributive + self.compatible + self.integrative;
        if shares <= 0.0 {
            return err("integrative", "the issue shares are all zero".to_string());
        }
        if !shares.is_finite() {
            return err(
                "integrative",
                "the issue shares are too large to add up; they are relative, e.g. 1, 1, 2"
                    .to_string(),
            );
        }
        for (k, v, lo) in [
            ("priority_heterogeneity", self.priority_heterogeneity, 0.0),
            ("world_alignment", self.world_alignment, -1.0),
            ("batna", self.batna, 0.0),
            ("world_threshold", self.world_threshold, 0.0),
        ] {
            if !(lo..=1.0).contains(&v) || v.is_nan() {
                return err(k, format!("{k} must be between {lo} and 1, found {v}"));
            }
        }
        // A standard deviation: BATNAs are clamped to [0, 0.95], which a spread of 1 already
        // fills edge to edge.
        if !(0.0..=1.0).contains(&self.batna_spread) || self.batna_spread.is_nan() {
            return err(
                "batna_spread",
                format!(
                    "batna_spread must be between 0 and 1, found {}",
                    self.batna_spread
                ),
            );
        }
        Ok(())
    }

    /// Issue kinds in agenda order, by largest remainder over the shares.
    pub fn issue_kinds(&self) -> Vec<IssueKind> {
        let shares = [
            (IssueKind::Distributive, self.distributive),
            (IssueKind::Compatible, self.compatible),
            (IssueKind::Integrative, self.integrative),
        ];
        let total: f64 = shares.iter().map(|s| s.1).sum();
        let exact: Vec<f64> = shares
            .iter()
            .map(|s| s.1 / total * self.issues as f64)
            .collect();
        let mut counts: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
        let mut left = self.issues - counts.iter().sum::<usize>();
        let mut order: Vec<usize> = (0..3).collect();
        order.sort_by(|&a, &b| {
            (exact[b] - exact[b].floor())
                .total_cmp(&(exact[a] - exact[a].floor()))
                .then(a.cmp(&b))
        });
        for &i in order.iter().cycle() {
            if left == 0 {
                break;
            }
            if shares[i].1 > 0.0 {
                counts[i] += 1;
                left -= 1;
            }
        }
        shares
            .iter()
            .zip(counts)
            .flat_map(|(s, c)| std::iter::repeat_n(s.0, c))
            .collect()
    }

    /// Generates a case from a stream.
    pub fn generate(&self, rng: &mut Stream) -> Case {
        let mut case = match self.kind {
            GeneratorKind::Structured => self.structured(rng),
            GeneratorKind::RandomLinear => self.random_linear(rng),
        };
        case.fill_labels();
        case.name = generated_id(&case);
        case
    }

    fn skeleton(&self, name: &str) -> (Vec<StakeholderInterests>, Case) {
        let stakeholders: Vec<StakeholderInterests> = (0..self.stakeholders)
            .map(|s| StakeholderInterests {
                key: format!("s{}", s + 1),
                label: Label {
                    en: format!("Stakeholder {}", s + 1),
                    nl: format!("Belanghebbende {}", s + 1),
                },
                batna: self.batna,
                weights: IndexMap::new(),
                values: IndexMap::new(),
                discount_factor: None,
            })
            .collect();
        let case = Case {
            name: name.to_string(),
            title: Label {
                en: format!(
                    "Generated case ({} stakeholders, {} issues)",
                    self.stakeholders, self.issues
                ),
                nl: format!(
                    "Gegenereerde casus ({} belanghebbenden, {} kwesties)",
                    self.stakeholders, self.issues
                ),
            },
            story: Label::default(),
            world_threshold: self.world_threshold,
            world_value_no_agreement: 0.0,
            issues: Vec::new(),
            stakeholders: Vec::new(),
        };
        (stakeholders, case)
    }

    fn random_linear(&self, rng: &mut Stream) -> Case {
        let (mut stakeholders, mut case) = self.skeleton("random-linear");
        for i in 0..self.issues {
            case.issues.push(plain_issue(i, self.options, "", rng));
        }
        for st in stakeholders.iter_mut() {
            let w: Vec<f64> = (0..self.issues).map(|_| unit(rng)).collect();
            let total: f64 = w.iter().sum();
            for (i, issue) in case.issues.iter().enumerate() {
                st.weights.insert(
                    issue.key.clone(),
                    if total > 0.0 { w[i] / total } else { 1.0 },
                );
                st.values.insert(
                    issue.key.clone(),
                    (0..self.options).map(|_| unit(rng)).collect(),
                );
            }
        }
        case.stakeholders = stakeholders;
        case
    }

    fn structured(&self, rng: &mut Stream) -> Case {
        let (mut stakeholders, mut case) = self.skeleton("generated");
        let n = self.stakeholders;
        let v = self.options;
        let kinds = self.issue_kinds();
        let h = self.priority_heterogeneity;
        let integrative: Vec<usize> = (0..kinds.len())
            .filter(|&i| kinds[i] == IssueKind::Integrative)
            .collect();
        // Priority weights per stakeholder and issue before normalisation.
        let mut raw_w = vec![vec![1.0; kinds.len()]; n];
        if n == 2 {
            // Logrolling pairs: each stakeholder cares more about one issue of the pair.
            for (p, pair) in integrative.chunks(2).enumerate() {
                let first = p % 2;
                raw_w[first][pair[0]] = 1.0 + h;
                raw_w[1 - first][pair[0]] = 1.0 - h * 0.8;
                if let Some(&j) = pair.get(1) {
                    raw_w[first][j] = 1.0 - h * 0.8;
                    raw_w[1 - first][j] = 1.0 + h;
                }
            }
        } else {
            for &i in &integrative {
                for w in raw_w.iter_mut() {
                    w[i] = 1.0 + h * (2.0 * unit(rng) - 1.0) * 0.9;
                }
            }
        }
        for (i, &kind) in kinds.iter().enumerate() {
            let mut issue = plain_issue(i, v, kind.key(), rng);
            // Single-peaked valuations around each stakeholder's ideal point.
            let peaks: Vec<f64> = match kind {
                IssueKind::Compatible => {
                    let p = index(rng, v) as f64;
                    vec![p; n]
                }
                _ => {
                    let mut seats: Vec<usize> = (0..n).collect();
                    shuffle(&mut seats, rng);
                    let mut peaks = vec![0.0; n];
                    for (rank, &s) in seats.iter().enumerate() {
                        peaks[s] = (rank as f64 * (v - 1) as f64 / (n - 1) as f64).round();
                    }
                    peaks
                }
            };
            let mut values: Vec<Vec<f64>> = (0..n)
                .map(|s| {
                    let p = peaks[s];
                    let far = p.max((v - 1) as f64 - p).max(1.0);
                    (0..v).map(|o| 1.0 - (o as f64 - p).abs() / far).collect()
                })
                .collect();
            let a = self.world_alignment;
            for (o, opt) in issue.options.iter_mut().enumerate() {
                let mean: f64 = values.iter().map(|vals| vals[o]).sum::<f64>() / n as f64;
                let noise = 2.0 * unit(rng) - 1.0;
                opt.world_value =
                    (0.5 + a * (mean - 0.5) + (1.0 - a.abs()) * 0.5 * noise).clamp(0.0, 1.0);
            }
            for (s, st) in stakeholders.iter_mut().enumerate() {
                st.weights.insert(issue.key.clone(), raw_w[s][i]);
                st.values
                    .insert(issue.key.clone(), std::mem::take(&mut values[s]));
            }
            case.issues.push(issue);
        }
        for h in 0..self.hidden_options {
            let i = index(rng, case.issues.len());
            let issue = &mut case.issues[i];
            issue.options.push(IssueOption {
                key: format!("h{}", h + 1),
                label: Label {
                    en: format!("new idea {}", h + 1),
                    nl: format!("nieuw idee {}", h + 1),
                },
                world_value: 0.6 + 0.4 * unit(rng),
                hidden: true,
            });
            let winners = (n * 3).div_ceil(5).max(2).min(n);
            let mut seats: Vec<usize> = (0..n).collect();
            shuffle(&mut seats, rng);
            for (rank, &s) in seats.iter().enumerate() {
                let vals = stakeholders[s]
                    .values
                    .get_mut(&issue.key)
                    .expect("issue exists");
                let value = if rank < winners {
                    0.7 + 0.3 * unit(rng)
                } else {
                    vals[(v - 1) / 2]
                };
                vals.push(value);
            }
        }
        for st in stakeholders.iter_mut() {
            st.batna = (self.batna + self.batna_spread * normal(rng)).clamp(0.0, 0.95);
        }
        case.stakeholders = stakeholders;
        case
    }
}

fn plain_issue(i: usize, v: usize, kind: &str, rng: &mut Stream) -> Issue {
    let label = if kind.is_empty() {
        Label {
            en: format!("issue {}", i + 1),
            nl: format!("kwestie {}", i + 1),
        }
    } else {
        let nl = match kind {
            "distributive" => "verdelend",
            "compatible" => "verenigbaar",
            _ => "integratief",
        };
        Label {
            en: format!("issue {} ({kind})", i + 1),
            nl: format!("kwestie {} ({nl})", i + 1),
        }
    };
    Issue {
        key: format!("i{}", i + 1),
        label,
        world_weight: 1.0,
        comparative: None,
        options: (0..v)
            .map(|o| IssueOption {
                key: format!("o{}", o + 1),
                label: Label {
                    en: format!("option {}", o + 1),
                    nl: format!("optie {}", o + 1),
                },
                world_value: unit(rng),
                hidden: false,
            })
            .collect(),
    }
}

/// Fisher-Yates shuffle on our own portable index draws.
fn shuffle<T>(items: &mut [T], rng: &mut Stream) {
    for i in (1..items.len()).rev() {
        let j = index(rng, i + 1);
        items.swap(i, j);
    }
}

/// The id of a generated case: `generated-` and the first 12 hex digits of the SHA-256 of the
/// case as a TOML case file (under the name `generated`). Equal cases get equal ids on every
/// machine, and the id names the case file a run writes it to (`cases/<id>.toml`), so that an
/// agreement in `processes.csv` can be read against its case.
pub fn generated_id(case: &Case) -> String {
    use sha2::{Digest, Sha256};
    let unnamed = Case {
        name: "generated".into(),
        ..case.clone()
    };
    // A case is plain data (strings, numbers, lists, tables): it always has a TOML form.
    let text = toml::to_string(&unnamed).unwrap_or_default();
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    format!("generated-{hex}")
}
