//! The registry of result columns and metrics: the id columns ([`IdColumn`]), every column of
//! `processes.csv`, `stakeholders.csv`, `rounds.csv`, `cycles.csv` and `organisations.csv`
//! after them, and the columns of the statistics (`summary.csv`, `comparison.csv`), each with
//! its name, type, meaning and whether it is a share, declared once. The writers write a
//! file's columns in the order listed here (each variant is matched, so a column without a
//! writer does not compile); the statistics summarise [`PROCESS_METRICS`] and
//! [`ORGANISATION_METRICS`]; charts, validation checks and the report ask for columns by
//! variant, so a renamed column is renamed everywhere, and a removed one fails to compile.
//!
//! Columns named after a trait (`openness`, `openness_mean`, ...) take the trait's key from
//! [`crate::model::traits::TraitName`].

use crate::model::traits::TraitName;

/// How a column's values are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text (a name, a key, a package).
    Text,
    /// A whole number.
    Integer,
    /// A number in its shortest exact form; empty when undefined.
    Number,
    /// `true` or `false`.
    Boolean,
}

/// One column: what the registry says of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// Its name in the CSV header (snake_case, the model's vocabulary).
    pub name: &'static str,
    /// How its values are written.
    pub kind: Kind,
    /// A share in [0, 1], shown as a percentage (a boolean column summarised as a rate, or a
    /// rate itself).
    pub rate: bool,
    /// What it means, in a sentence.
    pub description: &'static str,
}

const fn col(name: &'static str, kind: Kind, description: &'static str) -> Column {
    Column {
        name,
        kind,
        rate: false,
        description,
    }
}

const fn share(name: &'static str, kind: Kind, description: &'static str) -> Column {
    Column {
        name,
        kind,
        rate: true,
        description,
    }
}

use Kind::{Boolean, Integer, Number, Text};

/// The columns that identify a row, before its results. Process experiments start every
/// file with `process_id`, `condition`, the sweep columns and `replication`; organisation
/// experiments with `organisation` instead of `process_id`, and `cycle`, `table` (and
/// `stakeholder_id`) after `replication` where a row belongs to one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IdColumn {
    /// The process, numbered in the plan.
    ProcessId,
    /// The organisation run, numbered in the plan.
    Organisation,
    /// The condition's name.
    Condition,
    /// The replication.
    Replication,
    /// An organisation's cycle.
    Cycle,
    /// A table within a cycle.
    Table,
    /// A person of an organisation, across its processes.
    StakeholderId,
}

impl IdColumn {
    /// The column's name in the CSV header.
    pub const fn name(self) -> &'static str {
        self.column().name
    }

    /// What the registry says of the column.
    pub const fn column(self) -> Column {
        use IdColumn::*;
        match self {
            ProcessId => col(
                "process_id",
                Integer,
                "the process, numbered in the plan from 0",
            ),
            Organisation => col(
                "organisation",
                Integer,
                "the organisation run, numbered in the plan from 0",
            ),
            Condition => col("condition", Text, "the condition's name"),
            Replication => col("replication", Integer, "the replication, from 0"),
            Cycle => col("cycle", Integer, "the organisation's cycle, from 1"),
            Table => col("table", Integer, "the table within its cycle, from 0"),
            StakeholderId => col(
                "stakeholder_id",
                Integer,
                "the person in the organisation, the same across cycles",
            ),
        }
    }
}

/// The columns of `processes.csv` after its id columns, in file order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProcessColumn {
    /// The case.
    Case,
    /// Stakeholders at the table.
    Stakeholders,
    /// The culture.
    Culture,
    /// The protocol.
    Protocol,
    /// The decision rule.
    DecisionRule,
    /// A facilitator sat at the table.
    Facilitator,
    /// How it ended.
    Outcome,
    /// It ended in agreement.
    Agreed,
    /// Rounds used.
    Rounds,
    /// Stakeholders who walked out.
    Walkouts,
    /// Sum of utilities.
    JointUtility,
    /// Joint utility per stakeholder.
    MeanUtility,
    /// The worst-off stakeholder's utility.
    MinUtility,
    /// The best-off stakeholder's share of the joint utility.
    RichestShare,
    /// Nash product.
    NashProduct,
    /// Distance to the Pareto frontier.
    ParetoDistance,
    /// Distance to the Nash point.
    NashDistance,
    /// The outcome space was searched exactly.
    ParetoExact,
    /// World value.
    WorldValue,
    /// Good for everyone and for the world.
    WinWinWin,
    /// Issues settled worse for everyone.
    LoseLoseIssues,
    /// Stakeholders the agreement leaves below their BATNA.
    BelowBatna,
    /// Share of the attainable joint surplus.
    Efficiency,
    /// Belief accuracy at the end.
    BeliefAccuracy,
    /// Belief accuracy early on.
    EarlyBeliefAccuracy,
    /// Hidden options found.
    HiddenOptionsFound,
    /// Mean trust at the end.
    TrustMean,
    /// Mean stress at the end.
    StressMean,
    /// The agreed package.
    Agreement,
}

impl ProcessColumn {
    /// Every column, in file order.
    pub const ALL: [ProcessColumn; 29] = {
        use ProcessColumn::*;
        [
            Case,
            Stakeholders,
            Culture,
            Protocol,
            DecisionRule,
            Facilitator,
            Outcome,
            Agreed,
            Rounds,
            Walkouts,
            JointUtility,
            MeanUtility,
            MinUtility,
            RichestShare,
            NashProduct,
            ParetoDistance,
            NashDistance,
            ParetoExact,
            WorldValue,
            WinWinWin,
            LoseLoseIssues,
            BelowBatna,
            Efficiency,
            BeliefAccuracy,
            EarlyBeliefAccuracy,
            HiddenOptionsFound,
            TrustMean,
            StressMean,
            Agreement,
        ]
    };

    /// What the registry says of the column.
    pub const fn column(self) -> Column {
        use ProcessColumn::*;
        match self {
            Case => col("case", Text, "the case negotiated (its name)"),
            Stakeholders => col("stakeholders", Integer, "stakeholders at the table"),
            Culture => col("culture", Text, "the culture the stakeholders came from"),
            Protocol => col("protocol", Text, "`mindset` or `alternating_offers`"),
            DecisionRule => col(
                "decision_rule",
                Text,
                "`unanimity`, `majority` or `consent`",
            ),
            Facilitator => col("facilitator", Boolean, "a facilitator sat at the table"),
            Outcome => col(
                "outcome",
                Text,
                "how it ended: `agreement`, `deadline` or `walk_out`",
            ),
            Agreed => share("agreed", Boolean, "it ended in agreement"),
            Rounds => col("rounds", Integer, "rounds used"),
            Walkouts => col("walkouts", Integer, "stakeholders who walked out"),
            JointUtility => col(
                "joint_utility",
                Number,
                "sum of the stakeholders' utilities (BATNAs without agreement)",
            ),
            MeanUtility => col(
                "mean_utility",
                Number,
                "joint utility per stakeholder: value created, comparable across table sizes",
            ),
            MinUtility => col("min_utility", Number, "the worst-off stakeholder's utility"),
            RichestShare => col(
                "richest_share",
                Number,
                "the best-off stakeholder's share of the joint utility",
            ),
            NashProduct => col(
                "nash_product",
                Number,
                "product of the stakeholders' gains over their BATNAs",
            ),
            ParetoDistance => col(
                "pareto_distance",
                Number,
                "distance from the outcome to the Pareto frontier",
            ),
            NashDistance => col(
                "nash_distance",
                Number,
                "distance from the outcome to the Nash point",
            ),
            ParetoExact => col(
                "pareto_exact",
                Boolean,
                "the Pareto frontier was found exactly (not approximated)",
            ),
            WorldValue => col("world_value", Number, "the outcome's value for the world"),
            WinWinWin => share(
                "win_win_win",
                Boolean,
                "agreement above every BATNA and good enough for the world",
            ),
            LoseLoseIssues => col(
                "lose_lose_issues",
                Integer,
                "issues settled on an option worse for everyone than another",
            ),
            BelowBatna => col(
                "below_batna",
                Integer,
                "stakeholders the agreement leaves below their BATNA (they accepted less than their alternative rather than face an impasse)",
            ),
            Efficiency => col(
                "efficiency",
                Number,
                "share of the attainable joint surplus over the BATNAs that was realised",
            ),
            BeliefAccuracy => col(
                "belief_accuracy",
                Number,
                "how well the stakeholders knew each other's interests at the end",
            ),
            EarlyBeliefAccuracy => col(
                "early_belief_accuracy",
                Number,
                "belief accuracy after round `early_round` (or at the end, if sooner)",
            ),
            HiddenOptionsFound => col(
                "hidden_options_found",
                Integer,
                "hidden options the stakeholders found",
            ),
            TrustMean => col(
                "trust_mean",
                Number,
                "mean trust between the stakeholders at the end",
            ),
            StressMean => col("stress_mean", Number, "mean stress at the end"),
            Agreement => col(
                "agreement",
                Text,
                "the agreed package as `issue=option` keys joined by `;` (empty without agreement)",
            ),
        }
    }
}

/// The columns of `stakeholders.csv` after its id columns, in file order (the traits, one
/// column each, come after [`StakeholderColumn::Tactic`], in [`TraitName::ALL`] order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StakeholderColumn {
    /// The stakeholder's key in the case.
    Stakeholder,
    /// Its seat.
    Seat,
    /// How it negotiates.
    Tactic,
    /// One of its traits.
    Trait(TraitName),
    /// Its BATNA.
    Batna,
    /// Its utility of the outcome.
    Utility,
    /// Utility above its BATNA.
    Surplus,
    /// Agreement above its BATNA.
    BeatBatna,
    /// Its aspiration at the end.
    Aspiration,
    /// Its mean trust in the others at the end.
    TrustMean,
    /// Its stress at the end.
    Stress,
    /// It walked out.
    WalkedOut,
    /// Its belief accuracy at the end.
    BeliefAccuracy,
    /// Issues it disclosed.
    DisclosedIssues,
}

impl StakeholderColumn {
    /// The stakeholder's outcomes: the columns after its traits.
    pub const OUTCOMES: [StakeholderColumn; 10] = {
        use StakeholderColumn::*;
        [
            Batna,
            Utility,
            Surplus,
            BeatBatna,
            Aspiration,
            TrustMean,
            Stress,
            WalkedOut,
            BeliefAccuracy,
            DisclosedIssues,
        ]
    };

    /// Every column, in file order.
    pub const ALL: [StakeholderColumn; 21] = {
        use StakeholderColumn::*;
        let mut all = [Stakeholder; 21];
        all[1] = Seat;
        all[2] = Tactic;
        let mut t = 0;
        while t < 8 {
            all[3 + t] = Trait(TraitName::ALL[t]);
            t += 1;
        }
        let rest = StakeholderColumn::OUTCOMES;
        let mut i = 0;
        while i < rest.len() {
            all[11 + i] = rest[i];
            i += 1;
        }
        all
    };

    /// What the registry says of the column.
    pub fn column(self) -> Column {
        use StakeholderColumn::*;
        match self {
            Stakeholder => col("stakeholder", Text, "the stakeholder's key in the case"),
            Seat => col("seat", Integer, "its seat at the table, from 0"),
            Tactic => col(
                "tactic",
                Text,
                "how it negotiated: `mindset` or a classic tactic",
            ),
            Trait(t) => col(t.key(), Number, "one of its mindset traits, in [0, 1]"),
            Batna => col("batna", Number, "its BATNA: its utility without agreement"),
            Utility => col("utility", Number, "its utility of the outcome"),
            Surplus => col("surplus", Number, "its utility minus its BATNA"),
            BeatBatna => col(
                "beat_batna",
                Boolean,
                "an agreement gave it more than its BATNA",
            ),
            Aspiration => col("aspiration", Number, "what it held out for at the end"),
            TrustMean => col(
                "trust_mean",
                Number,
                "its mean trust in the others at the end",
            ),
            Stress => col("stress", Number, "its stress at the end"),
            WalkedOut => col("walked_out", Boolean, "it walked out"),
            BeliefAccuracy => col(
                "belief_accuracy",
                Number,
                "how well it knew the others' interests at the end",
            ),
            DisclosedIssues => col("disclosed_issues", Integer, "issues it disclosed"),
        }
    }
}

/// The columns of `rounds.csv` after its id columns, in file order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RoundColumn {
    /// The round.
    Round,
    /// The stakeholder's key.
    Stakeholder,
    /// Its aspiration after concession.
    Aspiration,
    /// Its stress after the emotion step.
    Stress,
    /// Its mean trust in the others.
    TrustMean,
    /// The issue it disclosed this round.
    DisclosedIssue,
    /// Its proposal.
    Proposal,
    /// Its utility of its proposal.
    ProposalUtility,
    /// Its best utility among the others' packages.
    BestOfferUtility,
    /// Packages it accepted.
    AcceptedPackages,
}

impl RoundColumn {
    /// Every column, in file order.
    pub const ALL: [RoundColumn; 10] = {
        use RoundColumn::*;
        [
            Round,
            Stakeholder,
            Aspiration,
            Stress,
            TrustMean,
            DisclosedIssue,
            Proposal,
            ProposalUtility,
            BestOfferUtility,
            AcceptedPackages,
        ]
    };

    /// What the registry says of the column.
    pub const fn column(self) -> Column {
        use RoundColumn::*;
        match self {
            Round => col("round", Integer, "the round, from 1"),
            Stakeholder => col("stakeholder", Text, "the stakeholder's key in the case"),
            Aspiration => col(
                "aspiration",
                Number,
                "its aspiration after the concession step",
            ),
            Stress => col("stress", Number, "its stress after the emotion step"),
            TrustMean => col("trust_mean", Number, "its mean trust in the others"),
            DisclosedIssue => col(
                "disclosed_issue",
                Text,
                "the issue it disclosed this round (its key), if any",
            ),
            Proposal => col("proposal", Text, "its proposal as `issue=option` keys"),
            ProposalUtility => col("proposal_utility", Number, "its utility of its proposal"),
            BestOfferUtility => col(
                "best_offer_utility",
                Number,
                "its best utility among the others' packages this round",
            ),
            AcceptedPackages => col("accepted_packages", Integer, "packages it accepted"),
        }
    }
}

/// What an organisation spent on its levers, per lever and in total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cost {
    /// Training.
    Training,
    /// The culture norm.
    CultureNorm,
    /// Facilitation.
    Facilitation,
    /// Mentoring.
    Mentoring,
    /// Evaluate-and-learn.
    Evaluation,
    /// All levers.
    Total,
}

impl Cost {
    /// Every cost, in file order.
    pub const ALL: [Cost; 6] = [
        Cost::Training,
        Cost::CultureNorm,
        Cost::Facilitation,
        Cost::Mentoring,
        Cost::Evaluation,
        Cost::Total,
    ];

    /// What the registry says of the column.
    pub const fn column(self) -> Column {
        match self {
            Cost::Training => col("training_cost", Number, "cost of training"),
            Cost::CultureNorm => col("culture_norm_cost", Number, "cost of the culture norm"),
            Cost::Facilitation => col("facilitation_cost", Number, "cost of facilitation"),
            Cost::Mentoring => col("mentoring_cost", Number, "cost of mentoring"),
            Cost::Evaluation => col("evaluation_cost", Number, "cost of evaluate-and-learn"),
            Cost::Total => col("total_cost", Number, "cost of all levers"),
        }
    }
}

/// The columns of `cycles.csv` after its id columns, in file order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CycleColumn {
    /// The cycle.
    Cycle,
    /// Processes in the cycle.
    Processes,
    /// Facilitated processes.
    Facilitated,
    /// Agreement rate.
    AgreementRate,
    /// Win-win-win rate.
    WinWinWinRate,
    /// Mean joint utility.
    MeanJointUtility,
    /// Mean utility per stakeholder.
    MeanUtility,
    /// Mean world value.
    MeanWorldValue,
    /// Mean rounds.
    MeanRounds,
    /// Collaborativeness index.
    Collaborativeness,
    /// A trait's mean over the population.
    TraitMean(TraitName),
    /// A trait's spread over the population.
    TraitSd(TraitName),
    /// Newcomers hired.
    Newcomers,
    /// People trained.
    Trained,
    /// Mentoring pairs.
    MentoringPairs,
    /// A cost of the cycle.
    Cost(Cost),
}

impl CycleColumn {
    /// Every column, in file order.
    pub const ALL: [CycleColumn; 35] = {
        use CycleColumn::*;
        let head = [
            Cycle,
            Processes,
            Facilitated,
            AgreementRate,
            WinWinWinRate,
            MeanJointUtility,
            MeanUtility,
            MeanWorldValue,
            MeanRounds,
            Collaborativeness,
        ];
        let mut all = [Cycle; 35];
        let mut i = 0;
        while i < head.len() {
            all[i] = head[i];
            i += 1;
        }
        let mut t = 0;
        while t < 8 {
            all[10 + t] = TraitMean(TraitName::ALL[t]);
            all[18 + t] = TraitSd(TraitName::ALL[t]);
            t += 1;
        }
        all[26] = Newcomers;
        all[27] = Trained;
        all[28] = MentoringPairs;
        let mut c = 0;
        while c < 6 {
            all[29 + c] = Cost(super::columns::Cost::ALL[c]);
            c += 1;
        }
        all
    };

    /// The column's name (trait columns are named `<trait>_mean` and `<trait>_sd`).
    pub fn name(self) -> String {
        match self {
            CycleColumn::TraitMean(t) => format!("{}_mean", t.key()),
            CycleColumn::TraitSd(t) => format!("{}_sd", t.key()),
            c => c.column().name.to_string(),
        }
    }

    /// What the registry says of the column (for trait columns the name is
    /// [`CycleColumn::name`]'s).
    pub const fn column(self) -> Column {
        use CycleColumn::*;
        match self {
            Cycle => IdColumn::Cycle.column(),
            Processes => col("processes", Integer, "processes in the cycle"),
            Facilitated => col("facilitated", Integer, "processes with a facilitator"),
            AgreementRate => share("agreement_rate", Number, "share of processes that agreed"),
            WinWinWinRate => share(
                "win_win_win_rate",
                Number,
                "share of processes that were win-win-win",
            ),
            MeanJointUtility => col("mean_joint_utility", Number, "mean joint utility"),
            MeanUtility => col("mean_utility", Number, "mean utility per stakeholder"),
            MeanWorldValue => col("mean_world_value", Number, "mean world value"),
            MeanRounds => col("mean_rounds", Number, "mean rounds used"),
            Collaborativeness => col(
                "collaborativeness",
                Number,
                "collaborativeness index of the population, 0 to 1",
            ),
            TraitMean(_) => col("trait_mean", Number, "a trait's mean over the population"),
            TraitSd(_) => col("trait_sd", Number, "a trait's standard deviation"),
            Newcomers => col("newcomers", Integer, "people hired"),
            Trained => col("trained", Integer, "people trained"),
            MentoringPairs => col("mentoring_pairs", Integer, "mentoring pairs"),
            Cost(c) => c.column(),
        }
    }
}

/// The columns of `organisations.csv` after its id columns, in file order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OrganisationColumn {
    /// People in the organisation.
    Population,
    /// Cycles run.
    Cycles,
    /// Win-win-win rate at the start.
    StartWinWinWinRate,
    /// Win-win-win rate at the end.
    FinalWinWinWinRate,
    /// End minus start.
    WinWinWinGain,
    /// Win-win-win rate over all cycles.
    MeanWinWinWinRate,
    /// Agreement rate at the end.
    FinalAgreementRate,
    /// Mean utility at the end.
    FinalMeanUtility,
    /// Collaborativeness at the start.
    StartCollaborativeness,
    /// Collaborativeness at the end.
    FinalCollaborativeness,
    /// First cycle counted as collaborative.
    CyclesToCollaborative,
    /// A cost over all cycles.
    Cost(Cost),
    /// Gain per 1,000 cost units.
    GainPerCost,
    /// A trait's mean at the end.
    FinalTraitMean(TraitName),
}

impl OrganisationColumn {
    /// Every column, in file order.
    pub const ALL: [OrganisationColumn; 26] = {
        use OrganisationColumn::*;
        let head = [
            Population,
            Cycles,
            StartWinWinWinRate,
            FinalWinWinWinRate,
            WinWinWinGain,
            MeanWinWinWinRate,
            FinalAgreementRate,
            FinalMeanUtility,
            StartCollaborativeness,
            FinalCollaborativeness,
            CyclesToCollaborative,
        ];
        let mut all = [Population; 26];
        let mut i = 0;
        while i < head.len() {
            all[i] = head[i];
            i += 1;
        }
        let mut c = 0;
        while c < 6 {
            all[11 + c] = Cost(super::columns::Cost::ALL[c]);
            c += 1;
        }
        all[17] = GainPerCost;
        let mut t = 0;
        while t < 8 {
            all[18 + t] = FinalTraitMean(TraitName::ALL[t]);
            t += 1;
        }
        all
    };

    /// The column's name (trait columns are named `final_<trait>_mean`).
    pub fn name(self) -> String {
        match self {
            OrganisationColumn::FinalTraitMean(t) => format!("final_{}_mean", t.key()),
            c => c.column().name.to_string(),
        }
    }

    /// What the registry says of the column (for trait columns the name is
    /// [`OrganisationColumn::name`]'s).
    pub const fn column(self) -> Column {
        use OrganisationColumn::*;
        match self {
            Population => col("population", Integer, "people in the organisation"),
            Cycles => col("cycles", Integer, "cycles run"),
            StartWinWinWinRate => share(
                "start_win_win_win_rate",
                Number,
                "win-win-win rate over the first cycles",
            ),
            FinalWinWinWinRate => share(
                "final_win_win_win_rate",
                Number,
                "win-win-win rate over the last cycles",
            ),
            WinWinWinGain => col(
                "win_win_win_gain",
                Number,
                "final minus start win-win-win rate (empty with one cycle)",
            ),
            MeanWinWinWinRate => share(
                "mean_win_win_win_rate",
                Number,
                "win-win-win rate over all cycles",
            ),
            FinalAgreementRate => share(
                "final_agreement_rate",
                Number,
                "agreement rate over the last cycles",
            ),
            FinalMeanUtility => col(
                "final_mean_utility",
                Number,
                "mean utility per stakeholder over the last cycles",
            ),
            StartCollaborativeness => col(
                "start_collaborativeness",
                Number,
                "collaborativeness over the first cycles",
            ),
            FinalCollaborativeness => col(
                "final_collaborativeness",
                Number,
                "collaborativeness over the last cycles",
            ),
            CyclesToCollaborative => col(
                "cycles_to_collaborative",
                Integer,
                "the first cycle at which the culture counted as collaborative (empty: never)",
            ),
            Cost(c) => c.column(),
            GainPerCost => col(
                "gain_per_cost",
                Number,
                "win-win-win gain per 1,000 cost units",
            ),
            FinalTraitMean(_) => col(
                "final_trait_mean",
                Number,
                "a trait's mean over the last cycles",
            ),
        }
    }
}

/// The columns of `summary.csv` around its sweep columns (`condition` comes before them, the
/// rest after), in file order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SummaryColumn {
    /// The condition.
    Condition,
    /// The metric summarised.
    Metric,
    /// `mean` or `rate`.
    Kind,
    /// Processes (or organisation runs) with a value.
    N,
    /// Mean, or rate.
    Mean,
    /// Standard deviation.
    Sd,
    /// Standard error.
    Se,
    /// Lower end of the 95% interval.
    CiLow,
    /// Upper end of the 95% interval.
    CiHigh,
    /// Median.
    Median,
}

impl SummaryColumn {
    /// The columns after the sweep columns, in file order.
    pub const AFTER_SWEEP: [SummaryColumn; 9] = {
        use SummaryColumn::*;
        [Metric, Kind, N, Mean, Sd, Se, CiLow, CiHigh, Median]
    };

    /// The column's name in the CSV header.
    pub const fn name(self) -> &'static str {
        self.column().name
    }

    /// What the registry says of the column.
    pub const fn column(self) -> Column {
        use SummaryColumn::*;
        match self {
            Condition => col("condition", Text, "the condition's name"),
            Metric => col(
                "metric",
                Text,
                "the metric summarised (a column of its file)",
            ),
            Kind => col(
                "kind",
                Text,
                "`mean` (t-interval) or `rate` (a boolean's share, Wilson interval)",
            ),
            N => col(
                "n",
                Integer,
                "processes (or organisation runs) with a value",
            ),
            Mean => col("mean", Number, "the mean, or the rate"),
            Sd => col(
                "sd",
                Number,
                "sample standard deviation (empty below two values)",
            ),
            Se => col(
                "se",
                Number,
                "standard error of the mean (empty below two values)",
            ),
            CiLow => col("ci_low", Number, "lower end of the 95% interval"),
            CiHigh => col("ci_high", Number, "upper end of the 95% interval"),
            Median => col("median", Number, "the median"),
        }
    }
}

/// The columns of `comparison.csv` after its sweep columns, in file order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ComparisonColumn {
    /// The first condition of the pair.
    ConditionA,
    /// The second condition of the pair.
    ConditionB,
    /// The metric compared.
    Metric,
    /// Pairs of processes with a value.
    NPairs,
    /// Mean of the first condition.
    MeanA,
    /// Mean of the second condition.
    MeanB,
    /// Mean paired difference.
    Difference,
    /// Standard error of the difference.
    Se,
    /// Lower end of the paired 95% t-interval.
    CiLow,
    /// Upper end of the paired 95% t-interval.
    CiHigh,
    /// Cohen's d (pooled SD).
    CohensD,
    /// Cohen's d_z (paired).
    CohensDz,
}

impl ComparisonColumn {
    /// Every column after the sweep columns, in file order.
    pub const ALL: [ComparisonColumn; 12] = {
        use ComparisonColumn::*;
        [
            ConditionA, ConditionB, Metric, NPairs, MeanA, MeanB, Difference, Se, CiLow, CiHigh,
            CohensD, CohensDz,
        ]
    };

    /// The column's name in the CSV header.
    pub const fn name(self) -> &'static str {
        self.column().name
    }

    /// What the registry says of the column.
    pub const fn column(self) -> Column {
        use ComparisonColumn::*;
        match self {
            ConditionA => col("condition_a", Text, "the first condition of the pair"),
            ConditionB => col("condition_b", Text, "the second condition of the pair"),
            Metric => col("metric", Text, "the metric compared"),
            NPairs => col(
                "n_pairs",
                Integer,
                "pairs of processes (same replication) with a value",
            ),
            MeanA => col("mean_a", Number, "the first condition's mean"),
            MeanB => col("mean_b", Number, "the second condition's mean"),
            Difference => col(
                "difference",
                Number,
                "mean of the paired differences, a minus b",
            ),
            Se => col("se", Number, "standard error of the difference"),
            CiLow => col("ci_low", Number, "lower end of the paired 95% t-interval"),
            CiHigh => col("ci_high", Number, "upper end of the paired 95% t-interval"),
            CohensD => col(
                "cohens_d",
                Number,
                "Cohen's d with the pooled standard deviation",
            ),
            CohensDz => col("cohens_dz", Number, "Cohen's d_z: the paired effect size"),
        }
    }
}

/// Which columns of which file the statistics summarise.
#[derive(Clone, Copy, Debug)]
pub struct MetricSet {
    /// File in the output directory.
    pub file: &'static str,
    /// Numeric metrics (mean, t-interval, median).
    pub numeric: &'static [Column],
    /// Boolean metrics (a rate with a Wilson interval).
    pub rates: &'static [Column],
}

/// The metrics of process experiments (`processes.csv`).
pub const PROCESS_METRICS: MetricSet = {
    use ProcessColumn::*;
    MetricSet {
        file: "processes.csv",
        numeric: &[
            Rounds.column(),
            Walkouts.column(),
            JointUtility.column(),
            MeanUtility.column(),
            MinUtility.column(),
            RichestShare.column(),
            NashProduct.column(),
            ParetoDistance.column(),
            NashDistance.column(),
            WorldValue.column(),
            LoseLoseIssues.column(),
            BelowBatna.column(),
            Efficiency.column(),
            BeliefAccuracy.column(),
            EarlyBeliefAccuracy.column(),
            HiddenOptionsFound.column(),
            TrustMean.column(),
            StressMean.column(),
        ],
        rates: &[Agreed.column(), WinWinWin.column()],
    }
};

/// The metrics of organisation experiments (`organisations.csv`).
pub const ORGANISATION_METRICS: MetricSet = {
    use OrganisationColumn::*;
    MetricSet {
        file: "organisations.csv",
        numeric: &[
            FinalWinWinWinRate.column(),
            MeanWinWinWinRate.column(),
            WinWinWinGain.column(),
            FinalAgreementRate.column(),
            FinalMeanUtility.column(),
            FinalCollaborativeness.column(),
            CyclesToCollaborative.column(),
            Cost(super::columns::Cost::Total).column(),
            GainPerCost.column(),
        ],
        rates: &[],
    }
};

impl MetricSet {
    /// Every metric, numeric first.
    pub fn all(&self) -> impl Iterator<Item = Column> + '_ {
        self.numeric.iter().chain(self.rates).copied()
    }

    /// The metric called `name`, if the set has one.
    pub fn get(&self, name: &str) -> Option<Column> {
        self.all().find(|c| c.name == name)
    }
}

/// Every result column of every file a run writes, by its name in the header (trait columns
/// under their generated names: `openness`, `openness_mean`, `openness_sd`,
/// `final_openness_mean`), with its type. Sweep columns are the experiment's and not here.
/// A name that two files share (`condition`, `mean_utility`) has one type in all of them.
pub fn every_column() -> Vec<(String, Kind)> {
    let named = |c: Column| (c.name.to_string(), c.kind);
    let mut all: Vec<(String, Kind)> = Vec::new();
    all.extend(
        [
            IdColumn::ProcessId,
            IdColumn::Organisation,
            IdColumn::Condition,
            IdColumn::Replication,
            IdColumn::Cycle,
            IdColumn::Table,
            IdColumn::StakeholderId,
        ]
        .map(|c| named(c.column())),
    );
    all.extend(ProcessColumn::ALL.map(|c| named(c.column())));
    all.extend(StakeholderColumn::ALL.map(|c| named(c.column())));
    all.extend(RoundColumn::ALL.map(|c| named(c.column())));
    all.extend(CycleColumn::ALL.map(|c| (c.name(), c.column().kind)));
    all.extend(OrganisationColumn::ALL.map(|c| (c.name(), c.column().kind)));
    all.push(named(SummaryColumn::Condition.column()));
    all.extend(SummaryColumn::AFTER_SWEEP.map(|c| named(c.column())));
    all.extend(ComparisonColumn::ALL.map(|c| named(c.column())));
    let mut seen = std::collections::HashSet::new();
    all.retain(|(name, _)| seen.insert(name.clone()));
    all
}

/// The type of the result column `name` in any file (see [`every_column`]).
pub fn kind_of(name: &str) -> Option<Kind> {
    every_column()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, kind)| kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_has_each_column_name_once() {
        let files: [Vec<String>; 5] = [
            ProcessColumn::ALL
                .map(|c| c.column().name.to_string())
                .to_vec(),
            StakeholderColumn::ALL
                .map(|c| c.column().name.to_string())
                .to_vec(),
            RoundColumn::ALL
                .map(|c| c.column().name.to_string())
                .to_vec(),
            CycleColumn::ALL.map(CycleColumn::name).to_vec(),
            OrganisationColumn::ALL
                .map(OrganisationColumn::name)
                .to_vec(),
        ];
        for names in files {
            let mut seen = std::collections::HashSet::new();
            for name in &names {
                assert!(seen.insert(name), "`{name}` twice");
                assert!(
                    name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                    "`{name}` is not snake_case"
                );
            }
        }
    }

    #[test]
    fn the_summarised_metrics_are_columns_of_their_file_and_rates_are_booleans() {
        let processes: Vec<Column> = ProcessColumn::ALL.map(ProcessColumn::column).to_vec();
        for m in PROCESS_METRICS.all() {
            assert!(processes.contains(&m), "{}", m.name);
            assert_ne!(m.kind, Kind::Text, "{}", m.name);
        }
        assert!(
            PROCESS_METRICS
                .rates
                .iter()
                .all(|c| c.kind == Kind::Boolean && c.rate)
        );
        let organisations = OrganisationColumn::ALL.map(OrganisationColumn::column);
        for m in ORGANISATION_METRICS.all() {
            assert!(organisations.contains(&m), "{}", m.name);
        }
        assert_eq!(
            PROCESS_METRICS.get("joint_utility"),
            Some(ProcessColumn::JointUtility.column())
        );
        assert_eq!(PROCESS_METRICS.get("case"), None);
    }

    #[test]
    fn a_name_shared_by_two_files_has_one_type() {
        let mut all: Vec<(String, Kind)> = Vec::new();
        let push = |all: &mut Vec<(String, Kind)>, name: String, kind: Kind| {
            if let Some((_, k)) = all.iter().find(|(n, _)| *n == name) {
                assert_eq!(*k, kind, "`{name}`");
            }
            all.push((name, kind));
        };
        for c in ProcessColumn::ALL.map(ProcessColumn::column) {
            push(&mut all, c.name.into(), c.kind);
        }
        for c in StakeholderColumn::ALL.map(StakeholderColumn::column) {
            push(&mut all, c.name.into(), c.kind);
        }
        for c in CycleColumn::ALL {
            push(&mut all, c.name(), c.column().kind);
        }
        for c in OrganisationColumn::ALL {
            push(&mut all, c.name(), c.column().kind);
        }
        // Generated trait names, and the kinds readers (Python's schema) rely on.
        assert_eq!(kind_of("openness"), Some(Kind::Number));
        assert_eq!(kind_of("empathy_mean"), Some(Kind::Number));
        assert_eq!(kind_of("composure_sd"), Some(Kind::Number));
        assert_eq!(kind_of("final_trust_propensity_mean"), Some(Kind::Number));
        assert_eq!(kind_of("process_id"), Some(Kind::Integer));
        assert_eq!(kind_of("win_win_win"), Some(Kind::Boolean));
        assert_eq!(kind_of("condition_b"), Some(Kind::Text));
        assert_eq!(kind_of("n_pairs"), Some(Kind::Integer));
        assert_eq!(kind_of("openness_median"), None);
    }

    #[test]
    fn every_column_a_reader_typed_by_hand_is_in_the_registry_with_that_type() {
        // The table the Python package kept by hand before it asked the registry.
        for name in [
            "process_id",
            "organisation",
            "replication",
            "seat",
            "stakeholder_id",
            "round",
            "cycle",
            "table",
            "stakeholders",
            "rounds",
            "walkouts",
            "lose_lose_issues",
            "below_batna",
            "hidden_options_found",
            "disclosed_issues",
            "accepted_packages",
            "processes",
            "facilitated",
            "newcomers",
            "trained",
            "mentoring_pairs",
            "population",
            "cycles",
            "cycles_to_collaborative",
            "n",
            "n_pairs",
        ] {
            assert_eq!(kind_of(name), Some(Kind::Integer), "{name}");
        }
        for name in [
            "facilitator",
            "agreed",
            "pareto_exact",
            "win_win_win",
            "beat_batna",
            "walked_out",
        ] {
            assert_eq!(kind_of(name), Some(Kind::Boolean), "{name}");
        }
        for name in [
            "condition",
            "case",
            "culture",
            "protocol",
            "decision_rule",
            "outcome",
            "agreement",
            "stakeholder",
            "tactic",
            "disclosed_issue",
            "proposal",
            "metric",
            "kind",
            "condition_a",
            "condition_b",
        ] {
            assert_eq!(kind_of(name), Some(Kind::Text), "{name}");
        }
        for name in [
            "joint_utility",
            "mean_utility",
            "min_utility",
            "richest_share",
            "nash_product",
            "pareto_distance",
            "nash_distance",
            "world_value",
            "efficiency",
            "belief_accuracy",
            "early_belief_accuracy",
            "trust_mean",
            "stress_mean",
            "batna",
            "utility",
            "surplus",
            "aspiration",
            "stress",
            "proposal_utility",
            "best_offer_utility",
            "mean",
            "sd",
            "se",
            "ci_low",
            "ci_high",
            "median",
            "mean_a",
            "mean_b",
            "difference",
            "cohens_d",
            "cohens_dz",
            "agreement_rate",
            "win_win_win_rate",
            "mean_joint_utility",
            "mean_world_value",
            "mean_rounds",
            "collaborativeness",
            "training_cost",
            "culture_norm_cost",
            "facilitation_cost",
            "mentoring_cost",
            "evaluation_cost",
            "total_cost",
            "start_win_win_win_rate",
            "final_win_win_win_rate",
            "win_win_win_gain",
            "mean_win_win_win_rate",
            "final_agreement_rate",
            "final_mean_utility",
            "start_collaborativeness",
            "final_collaborativeness",
            "gain_per_cost",
        ] {
            assert_eq!(kind_of(name), Some(Kind::Number), "{name}");
        }
    }
}
