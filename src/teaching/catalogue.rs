//! Every sentence negsim says to a class, in English and Dutch, in one catalogue keyed by
//! message id (`narration.toml` next to this file). Templates name their blanks in braces
//! (`{who} opens with: {package}.`); [`Catalogue::say`] fills them. A test checks that every
//! message exists in both languages with the same blanks, so a missing translation fails the
//! build's tests rather than a lesson.

use crate::model::label::Lang;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The catalogue's text, embedded in the binary.
pub const CATALOGUE_TOML: &str = include_str!("narration.toml");

macro_rules! messages {
    ($($name:ident => $id:literal,)*) => {
        /// A message id in the catalogue.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg {
            $(
                #[doc = concat!("`", $id, "`")]
                $name,
            )*
        }

        impl Msg {
            /// Every message.
            pub const ALL: &[Msg] = &[$(Msg::$name,)*];

            /// The message's id in `narration.toml`.
            pub fn id(self) -> &'static str {
                match self {
                    $(Msg::$name => $id,)*
                }
            }
        }
    };
}

messages! {
    ListAnd => "list.and",
    Points => "points",
    RoundsOne => "rounds.one",
    RoundsMany => "rounds.many",
    Yes => "yes",
    No => "no",
    IntroStory => "intro.story",
    IntroSeats => "intro.seats",
    IntroCulture => "intro.culture",
    IntroDeadline => "intro.deadline",
    IntroWorld => "intro.world",
    LoseLose => "round.lose_lose",
    LoseLoseAgain => "round.lose_lose_again",
    LoseLosePackage => "round.lose_lose_package",
    LoseLosePackageAgain => "round.lose_lose_package_again",
    RuleUnanimity => "intro.rule.unanimity",
    RuleMajority => "intro.rule.majority",
    RuleConsent => "intro.rule.consent",
    IntroFacilitator => "intro.facilitator",
    IntroScale => "intro.scale",
    IntroInterestsHeader => "intro.interests.header",
    IntroInterest => "intro.interests.line",
    RoundHeader => "round.header",
    RoundQuiet => "round.quiet",
    RoundsQuiet => "rounds.quiet",
    RoundsQuietTwo => "rounds.quiet_two",
    RoundLeftOut => "round.left_out",
    RoundsLeftOut => "rounds.left_out",
    RoundsLeftOutTwo => "rounds.left_out_two",
    FoldedMoves => "rounds.left_out_moves",
    DisclosuresOne => "moves.disclosures.one",
    DisclosuresMany => "moves.disclosures.many",
    BluffsOne => "moves.bluffs.one",
    BluffsMany => "moves.bluffs.many",
    ConcessionsOne => "moves.concessions.one",
    ConcessionsMany => "moves.concessions.many",
    HarderOne => "moves.harder.one",
    HarderMany => "moves.harder.many",
    HarderWhoOne => "moves.harder.who_one",
    HarderWhoMany => "moves.harder.who_many",
    SidewaysOne => "moves.sideways.one",
    SidewaysMany => "moves.sideways.many",
    ReturnedOne => "moves.returned.one",
    ReturnedMany => "moves.returned.many",
    HarderReturnedOne => "moves.harder_returned.one",
    HarderReturnedMany => "moves.harder_returned.many",
    Disclosed => "round.disclosed",
    Bluffed => "round.bluffed",
    BluffedTop => "round.bluffed_top",
    BluffedTopTied => "round.bluffed_top_tied",
    OptionNone => "package.none",
    Discovered => "round.discovered",
    Opens => "round.opens",
    GivesGround => "round.gives_ground",
    AsksMore => "round.asks_more",
    GivesGroundForMore => "round.gives_ground_for_more",
    AsksMoreGiving => "round.asks_more_giving",
    Trades => "round.trades",
    Switches => "round.switches",
    NewPackage => "round.new_package",
    Change => "round.change",
    HoldsOne => "round.holds.one",
    HoldsMany => "round.holds.many",
    NobodyMoves => "round.holds.everyone",
    NothingOnTable => "round.nothing_on_table",
    FacilitatorText => "round.facilitator.text",
    FacilitatorRevises => "round.facilitator.revises",
    ProposalOf => "round.proposal_of",
    TextOfFacilitator => "round.text_of_facilitator",
    Closest => "round.closest",
    ClosestUnsupported => "round.closest_unsupported",
    ClosestUnsupportedText => "round.closest_unsupported_text",
    StillClosest => "round.still_closest",
    NotYet => "round.not_yet",
    BelowAspiration => "round.objection.below_aspiration",
    BelowBatna => "round.objection.below_batna",
    WorldTooLow => "round.objection.world",
    WorldEnough => "round.world.enough",
    WorldShort => "round.world.short",
    WorldNowEnough => "round.world.now_enough",
    WorldNowShort => "round.world.now_short",
    ForkWithout => "fork.without",
    ForkWith => "fork.with",
    HighlightsNote => "demo.highlights",
    StepNote => "demo.step",
    AnimWorldNow => "animation.world_now",
    GivesGroundForNamed => "round.gives_ground_for_named",
    ChangeNamed => "round.change_named",
    SaysNo => "round.objection.says_no",
    TrustGrows => "round.trust.grows",
    TrustBreaks => "round.trust.breaks",
    TrustBetterOffer => "round.trust.better_offer.one",
    TrustBetterOffers => "round.trust.better_offer.many",
    TrustWorseOffer => "round.trust.worse_offer.one",
    TrustWorseOffers => "round.trust.worse_offer.many",
    TrustUnanswered => "round.trust.unanswered",
    TrustSwings => "round.trust.swings",
    StressTense => "round.stress.tense",
    StressHeavy => "round.stress.heavy",
    WalkedOut => "round.walked_out",
    Deadline => "round.deadline",
    Agreed => "round.agreed",
    Settled => "round.settled",
    VerdictHeader => "verdict.header",
    VerdictAgreement => "verdict.agreement",
    VerdictDeadline => "verdict.no_deal.deadline",
    VerdictWalkout => "verdict.no_deal.walkout",
    VerdictStopped => "verdict.no_deal.stopped",
    VerdictAbove => "verdict.party.above",
    VerdictBelow => "verdict.party.below",
    VerdictAtBatna => "verdict.party.at_batna",
    VerdictJoint => "verdict.joint",
    VerdictJointBest => "verdict.joint_best",
    VerdictLeft => "verdict.left",
    VerdictGap => "verdict.pareto_gap",
    VerdictGapPackage => "verdict.pareto_gap_package",
    VerdictOnFrontier => "verdict.on_frontier",
    VerdictOnFrontierLeft => "verdict.on_frontier_left",
    VerdictWorld => "verdict.world",
    VerdictWinWinWin => "verdict.win_win_win.yes",
    VerdictNotWinWinWin => "verdict.win_win_win.no",
    ReasonNoDeal => "verdict.reason.no_deal",
    ReasonBelowBatna => "verdict.reason.below_batna",
    ReasonWorld => "verdict.reason.world",
    VerdictFixedPie => "verdict.fixed_pie",
    VerdictBest => "verdict.best",
    VerdictBestGives => "verdict.best_gives",
    VerdictHiddenFound => "verdict.hidden.found",
    VerdictHiddenMissed => "verdict.hidden.missed",
    ReplayCode => "replay.code",
    ForkMarker => "fork.marker",
    CompareTitle => "compare.title",
    CompareRun => "compare.run",
    CultureCollaborative => "culture.collaborative",
    CultureMixed => "culture.mixed",
    CulturePositional => "culture.positional",
    CulturePositionalFacilitated => "culture.positional_facilitated",
    CompareForkTitle => "compare.fork_title",
    ColumnOriginal => "compare.original",
    ColumnFork => "compare.fork",
    RowAgreement => "compare.row.agreement",
    RowInRound => "compare.row.in_round",
    RowNoDeal => "compare.row.no_deal",
    RowWalkout => "compare.row.walkout",
    RowJoint => "compare.row.joint",
    RowWorld => "compare.row.world",
    DecimalNote => "compare.decimal_note",
    RowWinWinWin => "compare.row.win_win_win",
    RowLeft => "compare.row.left",
    RowFixedPie => "compare.row.fixed_pie",
    RowHidden => "compare.row.hidden",
    RowTrust => "compare.row.trust",
    TraitOpenness => "trait.openness",
    TraitEmpathy => "trait.empathy",
    TraitConcessionWillingness => "trait.concession_willingness",
    TraitAssertiveness => "trait.assertiveness",
    TraitWorldOrientation => "trait.world_orientation",
    TraitCreativity => "trait.creativity",
    TraitComposure => "trait.composure",
    TraitTrustPropensity => "trait.trust_propensity",
    Facilitator => "facilitator",
    AnimRound => "animation.round",
    AnimFrontier => "animation.frontier",
    AnimNash => "animation.nash",
    AnimAgreement => "animation.agreement",
    AnimNoDeal => "animation.no_deal",
    AnimUtilityOf => "animation.utility_of",
    AnimLeading => "animation.leading",
    AnimRoundAxis => "animation.round_axis",
    AnimScoreAxis => "animation.score_axis",
    AnimWorld => "animation.world",
    AnimFork => "animation.fork",
    AnimBatna => "animation.batna",
    You => "play.you",
    PlayWelcome => "play.welcome",
    PlayYourInterests => "play.your_interests",
    PlayIssueLine => "play.issue_line",
    PlayOptionLine => "play.option_line",
    PlayIssueLineByName => "play.issue_line_by_name",
    PlayOptionLineByName => "play.option_line_by_name",
    PlayBatna => "play.batna",
    PlayHelp => "play.help",
    PlayRoundPrompt => "play.round_prompt",
    PlayResponsePrompt => "play.response_prompt",
    PlayOnTable => "play.on_table",
    PlayStanding => "play.standing",
    PlayTableEmpty => "play.table_empty",
    PlayPackageLine => "play.package_line",
    PlayUnknownCommand => "play.error.unknown_command",
    PlayUnknownIssue => "play.error.unknown_issue",
    PlayNoIssue => "play.error.no_issue",
    PlayUnknownOption => "play.error.unknown_option",
    PlayIssueTwice => "play.error.issue_twice",
    PlayProposeSyntax => "play.error.propose_syntax",
    PlayBadPackageNumber => "play.error.bad_package_number",
    PlayNothingOnTable => "play.error.nothing_on_table",
    PlayNotNowRespond => "play.error.not_now_respond",
    PlayNotNowMove => "play.error.not_now_move",
    PlayDisclosedAlready => "play.error.disclosed_already",
    PlayNoted => "play.noted",
    PlayProposalNoted => "play.proposal_noted",
    PlayKeepsProposal => "play.keeps_proposal",
    PlayPasses => "play.passes",
    PlayAcceptNoted => "play.accept_noted",
    PlayObjectNoted => "play.object_noted",
    PlayQuit => "play.quit",
    PlayDidYouMean => "play.error.did_you_mean",
    PlayWorldEnough => "play.world.enough",
    PlayWorldShort => "play.world.short",
    PlayTrust => "play.trust.line",
    PlayTrustEach => "play.trust.each",
    PlayTrustMoved => "play.trust.moved",
    PlayWhichOne => "play.which_one",
    PlayNumbersTwo => "play.numbers.two",
    PlayNumbersRange => "play.numbers.range",
    PlayNotAccepted => "play.not_accepted",
    PlayAcceptOneNoted => "play.accept_one_noted",
    PlayBelowBatna => "play.below_batna.warning",
    PlayBelowBatnaPackage => "play.below_batna.package",
    DebriefNashAgreed => "debrief.nash.agreed",
    DebriefNashProposal => "debrief.nash.proposal",
    DebriefTurnedDownOne => "debrief.turned_down.one",
    DebriefTurnedDownMany => "debrief.turned_down.many",
    DebriefTurnedDownCost => "debrief.turned_down.cost",
    DebriefTurnedDownPaid => "debrief.turned_down.paid",
    DebriefTurnedDownEven => "debrief.turned_down.even",
    DebriefLeftTable => "debrief.left_table",
    DebriefTurnedDownLeft => "debrief.turned_down.left",
    DebriefTrustWhy => "debrief.trust.why",
    DebriefTrustWorse => "debrief.trust.worse",
    DebriefTrustUnanswered => "debrief.trust.unanswered",
    DebriefHeader => "debrief.header",
    DebriefYou => "debrief.you",
    DebriefBestForAll => "debrief.best_for_all",
    DebriefFixedPieNone => "debrief.fixed_pie.none",
    DebriefFixedPieCost => "debrief.fixed_pie.cost",
    DebriefFixedPieProposal => "debrief.fixed_pie.proposal",
    DebriefTrustHeader => "debrief.trust.header",
    DebriefTrustLine => "debrief.trust.line",
    DebriefTrustHigh => "debrief.trust.high",
    DebriefTrustMiddle => "debrief.trust.middle",
    DebriefTrustLow => "debrief.trust.low",
    ErrorDeadline => "error.deadline",
    ErrorDeadlineHint => "error.deadline_hint",
    ErrorUnknownCase => "error.library.unknown_case",
    ErrorUnknownCulture => "error.library.unknown_culture",
    ErrorKnownCases => "error.library.known_cases",
    ErrorKnownCultures => "error.library.known_cultures",
    ErrorKnownDidYouMean => "error.library.did_you_mean",
    ErrorNoCaseFile => "error.library.no_case_file",
    ErrorNoCultureFile => "error.library.no_culture_file",
    ErrorPathHint => "error.library.path_hint",
    ErrorSeatMissing => "error.seat.missing",
    ErrorSeatMissingHint => "error.seat.missing_hint",
    ErrorSeatUnknown => "error.seat.unknown",
    ErrorSeatUnknownHint => "error.seat.unknown_hint",
    ErrorSeatDidYouMean => "error.seat.did_you_mean",
    ErrorSeatAmbiguous => "error.seat.ambiguous",
    ErrorSeatAmbiguousHint => "error.seat.ambiguous_hint",
    ErrorSeatKeyFor => "error.seat.key_for",
    ErrorNotASetting => "error.setting.not_a_setting",
    ErrorSettingHint => "error.setting.hint",
    ErrorSettingNoEquals => "error.setting.no_equals",
    ErrorSettingTwoEquals => "error.setting.two_equals",
    ErrorSettingNoDot => "error.setting.no_dot",
    ErrorSettingNotANumber => "error.setting.not_a_number",
    ErrorSettingRange => "error.setting.range",
    ErrorUnknownTrait => "error.setting.unknown_trait",
    ErrorTraits => "error.setting.traits",
    ErrorTraitDidYouMean => "error.setting.did_you_mean",
    ErrorNotACode => "error.code.not_a_code",
    ErrorCodeHint => "error.code.hint",
    ErrorCodePartsOne => "error.code.parts.one",
    ErrorCodePartsMany => "error.code.parts.many",
    ErrorCodeNoCase => "error.code.no_case",
    ErrorCodeNoCulture => "error.code.no_culture",
    ErrorCodeCultureNameMissing => "error.code.culture_name_missing",
    ErrorCodeTooManyCultures => "error.code.too_many_cultures",
    ErrorCodeSeed => "error.code.seed",
    ErrorCodeDeadline => "error.code.deadline",
    ErrorCodeForkRound => "error.code.fork_round",
    ErrorCodeDeadlineRange => "error.code.deadline_range",
    ErrorCodeForkRoundRange => "error.code.fork_round_range",
    ErrorCodeForkNoSetting => "error.code.fork_no_setting",
    ErrorCodeSettingNoValue => "error.code.setting_no_value",
    ErrorCodeForkCompares => "error.code.fork_compares",
    ErrorCodeForkComparesHint => "error.code.fork_compares_hint",
    ErrorInFork => "error.code.in_fork",
    ErrorForkSeveralCultures => "error.fork.several_cultures",
    ErrorForkSeveralCulturesHint => "error.fork.several_cultures_hint",
    ErrorForkRoundZero => "error.fork.round_zero",
    ErrorForkBeyond => "error.fork.beyond",
    ErrorForkRoundHint => "error.fork.round_hint",
    ErrorForkEnded => "error.fork.ended",
    ErrorForkEndedHint => "error.fork.ended_hint",
    FrameError => "error.frame.error",
    FrameFile => "error.frame.file",
    FrameLine => "error.frame.line",
    FrameKey => "error.frame.key",
    FrameFlag => "error.frame.flag",
    FrameHint => "error.frame.hint",
    FileSyntax => "error.file.syntax",
    FileSlipUnquoted => "error.file.slip.unquoted",
    FileSlipUnquotedHint => "error.file.slip.unquoted_hint",
    FileSlipNoValue => "error.file.slip.no_value",
    FileSlipNoValueHint => "error.file.slip.no_value_hint",
    FileSlipUnclosedTable => "error.file.slip.unclosed_table",
    FileSlipUnclosedTableHint => "error.file.slip.unclosed_table_hint",
    FileSlipUnclosedList => "error.file.slip.unclosed_list",
    FileSlipUnclosedListHint => "error.file.slip.unclosed_list_hint",
    FileSlipUnclosedText => "error.file.slip.unclosed_text",
    FileSlipUnclosedTextHint => "error.file.slip.unclosed_text_hint",
    FileSlipUnderscore => "error.file.slip.underscore",
    FileSlipUnderscoreHint => "error.file.slip.underscore_hint",
    FileSlipTrailing => "error.file.slip.trailing",
    FileSlipTrailingHint => "error.file.slip.trailing_hint",
    FileSlipLeadingZero => "error.file.slip.leading_zero",
    FileSlipLeadingZeroHint => "error.file.slip.leading_zero_hint",
    FileSlipEscape => "error.file.slip.escape",
    FileSlipEscapeHint => "error.file.slip.escape_hint",
    FileUnknownKey => "error.file.unknown_key",
    FileKnownKeys => "error.file.known_keys",
    FileUnknownName => "error.file.unknown_name",
    FileKnownNames => "error.file.known_names",
    FileNameNotText => "error.file.name_not_text",
    FileNameNotTextHint => "error.file.name_not_text_hint",
    FileWrongType => "error.file.wrong_type",
    FileFoundText => "error.file.found.text",
    FileFoundNumber => "error.file.found.number",
    FileFoundList => "error.file.found.list",
    FileFoundTable => "error.file.found.table",
    FileExpectedNumber => "error.file.expected.number",
    FileExpectedWhole => "error.file.expected.whole",
    FileExpectedWholeNatural => "error.file.expected.whole_natural",
    FileExpectedWholeUpto => "error.file.expected.whole_upto",
    FileExpectedBoolean => "error.file.expected.boolean",
    FileExpectedText => "error.file.expected.text",
    FileExpectedTable => "error.file.expected.table",
    FileExpectedLabel => "error.file.expected.label",
    FileHintUnquoteNumber => "error.file.hint.unquote_number",
    FileHintNumberInDigits => "error.file.hint.number_in_digits",
    FileHintUnquoteBoolean => "error.file.hint.unquote_boolean",
    FileHintWhole => "error.file.hint.whole",
    FileHintNotNegative => "error.file.hint.not_negative",
    FileHintQuoteText => "error.file.hint.quote_text",
    FileHintTable => "error.file.hint.table",
    FileHintNumber => "error.file.hint.number",
    FileHintLabel => "error.file.hint.label",
    FileMissing => "error.file.missing",
    FileMissingHint => "error.file.missing_hint",
    FileTwice => "error.file.twice",
    FileTwiceHint => "error.file.twice_hint",
    FileFraction => "error.file.fraction",
    FileFractionPercentHint => "error.file.fraction_percent_hint",
    FileFractionHint => "error.file.fraction_hint",
    FileScaleWorldValue => "error.file.scale.world_value",
    FileScaleWorldThreshold => "error.file.scale.world_threshold",
    FileScaleBatna => "error.file.scale.batna",
    FileScaleOptionValue => "error.file.scale.option_value",
    FileScaleOutOf100 => "error.file.scale.out_of_100",
    FileRangeWorldWeight => "error.file.range.world_weight",
    FileRangeWeight => "error.file.range.weight",
    FileRangeSpread => "error.file.range.spread",
    FileRangeSpreadHint => "error.file.range.spread_hint",
    FileRangeDiscountFactor => "error.file.range.discount_factor",
    FileNamedIssue => "error.file.named.issue",
    FileNamedOption => "error.file.named.option",
    FileNamedStakeholder => "error.file.named.stakeholder",
    FileNamedCase => "error.file.named.case",
    FileNamedCulture => "error.file.named.culture",
    FileNameEmpty => "error.file.name.empty",
    FileNameKeyHint => "error.file.name.key_hint",
    FileNameStakeholderKeyHint => "error.file.name.stakeholder_key_hint",
    FileNameNameHint => "error.file.name.name_hint",
    FileNameFormula => "error.file.name.formula",
    FileNameFormulaHint => "error.file.name.formula_hint",
    FileNameTab => "error.file.name.tab",
    FileNameCarriageReturn => "error.file.name.carriage_return",
    FileNamePackageSeparator => "error.file.name.package_separator",
    FileNameStakeholderSeparator => "error.file.name.stakeholder_separator",
    FileNameSeparatorHint => "error.file.name.separator_hint",
    FileKeyTwiceIssue => "error.file.key_twice.issue",
    FileKeyTwiceOption => "error.file.key_twice.option",
    FileKeyTwiceStakeholder => "error.file.key_twice.stakeholder",
    FileTooFewIssues => "error.file.count.too_few_issues",
    FileTooFewOptions => "error.file.count.too_few_options",
    FileTooFewOptionsHint => "error.file.count.too_few_options_hint",
    FileAllHidden => "error.file.count.all_hidden",
    FileTooFewStakeholders => "error.file.count.too_few_stakeholders",
    FileTooManyIssues => "error.file.count.too_many_issues",
    FileTooManyOptions => "error.file.count.too_many_options",
    FileTooManyStakeholders => "error.file.count.too_many_stakeholders",
    FileValueCount => "error.file.value_count",
    FileValueCountHint => "error.file.value_count_hint",
    FileNoWeight => "error.file.no_weight",
    FileNoWeightHint => "error.file.no_weight_hint",
    FileNoValues => "error.file.no_values",
    FileUnknownIssue => "error.file.unknown_issue",
    FileKnownIssues => "error.file.known_issues",
    FileWorldWeightsZero => "error.file.weights.world_zero",
    FileWeightsZero => "error.file.weights.zero",
    FileWorldWeightsOverflow => "error.file.weights.world_overflow",
    FileWeightsOverflow => "error.file.weights.overflow",
    FileWeightsOverflowHint => "error.file.weights.overflow_hint",
    FileComparativeEmpty => "error.file.comparative.empty",
    FileComparativeEn => "error.file.comparative.in_en",
    FileComparativeNl => "error.file.comparative.in_nl",
    FileComparativeMore => "error.file.comparative.more",
    FileComparativeLess => "error.file.comparative.less",
    FileComparativeHint => "error.file.comparative.hint",
    FileTacticUnknown => "error.file.tactic.unknown",
    FileTacticDidYouMean => "error.file.tactic.did_you_mean",
    FileTacticTimeBased => "error.file.tactic.time_based",
    FileTacticRegister => "error.file.tactic.register",
    FileKindWrong => "error.file.kind.wrong",
    FileKindCase => "error.file.kind.case",
    FileKindCulture => "error.file.kind.culture",
    FileKindExperiment => "error.file.kind.experiment",
    FileKindCaseHint => "error.file.kind.case_hint",
    FileKindCultureHint => "error.file.kind.culture_hint",
    FileKindExperimentHint => "error.file.kind.experiment_hint",
    FileNotAFile => "error.file.not_a_file",
    FileNotAFileHint => "error.file.not_a_file_hint",
    FilePathFolder => "error.file.path.folder",
    FilePathNamedPipe => "error.file.path.named_pipe",
    FilePathDevice => "error.file.path.device",
    FilePathSocket => "error.file.path.socket",
    FilePathLink => "error.file.path.link",
    FilePathFile => "error.file.path.file",
    FilePathOther => "error.file.path.other",
    FileTooLarge => "error.file.too_large",
    FileTooLargeHint => "error.file.too_large_hint",
    FileNotText => "error.file.not_text",
    FileNotTextHint => "error.file.not_text_hint",
    DemoCultureEmpty => "error.demo.culture_empty",
    DemoCultureEmptyHint => "error.demo.culture_empty_hint",
    DemoCultureSeveral => "error.demo.culture_several",
    DemoCultureSeveralHint => "error.demo.culture_several_hint",
    DemoCompareNames => "error.demo.compare_names",
    DemoCompareNamesHint => "error.demo.compare_names_hint",
    DemoCompareTwice => "error.demo.compare_twice",
    DemoCompareTwiceHint => "error.demo.compare_twice_hint",
    DemoCompareOne => "error.demo.compare_one",
    DemoCompareOneHint => "error.demo.compare_one_hint",
    DemoCompareMany => "error.demo.compare_many",
    DemoCompareManyHint => "error.demo.compare_many_hint",
    DemoForkedAlready => "error.demo.forked_already",
    DemoForkedAlreadyHint => "error.demo.forked_already_hint",
    DemoPace => "error.demo.pace",
    DemoWidthNotANumber => "error.demo.width_not_a_number",
    DemoWidthNarrow => "error.demo.width_narrow",
    GifCannot => "error.gif.cannot",
    GifEmpty => "error.gif.empty",
    GifFolder => "error.gif.folder",
    GifNoFileName => "error.gif.no_file_name",
    GifParentIsFile => "error.gif.parent_is_file",
    GifNoFolder => "error.gif.no_folder",
    GifPartialIsFolder => "error.gif.partial_is_folder",
    GifNotCreatable => "error.gif.not_creatable",
    GifNameItHint => "error.gif.name_it_hint",
    GifInFolderHint => "error.gif.in_folder_hint",
    GifIntoFolderHint => "error.gif.into_folder_hint",
    GifNoFolderHint => "error.gif.no_folder_hint",
    GifPartialHint => "error.gif.partial_hint",
    GifWritableHint => "error.gif.writable_hint",
    GifExtension => "error.gif.extension",
    GifExtensionHint => "error.gif.extension_hint",
    GifDraw => "error.gif.draw",
    GifWritten => "demo.gif_written",
    UsageUnknownOption => "error.usage.unknown_option",
    UsageUnexpected => "error.usage.unexpected",
    UsageDidYouMean => "error.usage.did_you_mean",
    UsageNoValue => "error.usage.no_value",
    UsageInvalidValue => "error.usage.invalid_value",
    UsagePossibleValues => "error.usage.possible_values",
    UsageWhole => "error.usage.whole",
    UsageTooLarge => "error.usage.too_large",
    UsageNumber => "error.usage.number",
    UsageMissing => "error.usage.missing",
    UsageOneOf => "error.usage.one_of",
    UsageConflict => "error.usage.conflict",
    UsageTwice => "error.usage.twice",
    UsageOther => "error.usage.other",
    UsageArgumentAsOption => "error.usage.argument_as_option",
    UsageArgumentCase => "error.usage.argument_case",
    UsageNegative => "error.usage.negative",
    UsageNegativeHint => "error.usage.negative_hint",
    UsageReadAsOption => "error.usage.read_as_option",
    UsageReadAsOptionHint => "error.usage.read_as_option_hint",
    UsageUsage => "error.usage.usage",
    UsageMore => "error.usage.more",
    StudioRunning => "studio.running",
    StudioTrainer => "studio.trainer",
    StudioJoinCode => "studio.join_code",
    StudioJoin => "studio.join",
    StudioLocalOnly => "studio.local_only",
    StudioJournal => "studio.journal",
    StudioStop => "studio.stop",
    StudioNoLan => "studio.no_lan",
    StudioJournalExists => "error.studio.journal_exists",
    StudioJournalExistsHint => "error.studio.journal_exists_hint",
    StudioNoJournal => "error.studio.no_journal",
    StudioNotAJournal => "error.studio.not_a_journal",
    StudioJournalCut => "error.studio.journal_cut",
    StudioJournalNotJson => "error.studio.journal_not_json",
    StudioJournalValue => "error.studio.journal_value",
    StudioJournalFormat => "error.studio.journal_format",
    StudioJournalHint => "error.studio.journal_hint",
    StudioPort => "error.studio.port",
    StudioPortInUse => "error.studio.port_in_use",
    StudioPortHint => "error.studio.port_hint",
    StudioListen => "error.studio.listen",
    StudioWebServer => "error.studio.web_server",
    StudioWebServerStopped => "error.studio.web_server_stopped",
    StudioJournalUnwritten => "error.studio.journal_unwritten",
    SystemNotFound => "error.system.not_found",
    SystemPermissionDenied => "error.system.permission_denied",
    SystemIsADirectory => "error.system.is_a_directory",
    SystemNotADirectory => "error.system.not_a_directory",
    SystemStorageFull => "error.system.storage_full",
    SystemReadOnly => "error.system.read_only",
    SystemNotText => "error.system.not_text",
    SystemOther => "error.system.other",
}

/// The catalogue message naming a trait.
pub fn trait_msg(name: crate::model::traits::TraitName) -> Msg {
    use crate::model::traits::TraitName::*;
    match name {
        Openness => Msg::TraitOpenness,
        Empathy => Msg::TraitEmpathy,
        ConcessionWillingness => Msg::TraitConcessionWillingness,
        Assertiveness => Msg::TraitAssertiveness,
        WorldOrientation => Msg::TraitWorldOrientation,
        Creativity => Msg::TraitCreativity,
        Composure => Msg::TraitComposure,
        TrustPropensity => Msg::TraitTrustPropensity,
    }
}

/// The parsed catalogue: message id -> (English, Dutch).
#[derive(Debug)]
pub struct Catalogue {
    entries: BTreeMap<String, [String; 2]>,
}

impl Catalogue {
    /// The embedded catalogue (parsed once).
    pub fn get() -> &'static Catalogue {
        static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        CATALOGUE.get_or_init(|| {
            // The catalogue is part of the program, not user input; its tests parse it.
            Catalogue::parse(CATALOGUE_TOML).expect("narration.toml is valid")
        })
    }

    /// Parses a catalogue text: nested tables whose leaves are `{ en = "...", nl = "..." }`.
    pub fn parse(text: &str) -> Result<Catalogue, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut entries = BTreeMap::new();
        flatten(&table, "", &mut entries)?;
        Ok(Catalogue { entries })
    }

    /// Every message id in the catalogue.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// The raw template of a message in a language (empty if missing).
    pub fn template(&self, msg: Msg, lang: Lang) -> &str {
        self.entries
            .get(msg.id())
            .map(|e| e[lang_index(lang)].as_str())
            .unwrap_or("")
    }

    /// A raw template by id (for tests).
    pub fn template_by_id(&self, id: &str, lang: Lang) -> Option<&str> {
        self.entries.get(id).map(|e| e[lang_index(lang)].as_str())
    }

    /// The message with its blanks filled from `args` (name, value).
    pub fn say(&self, lang: Lang, msg: Msg, args: &[(&str, &str)]) -> String {
        fill(self.template(msg, lang), args)
    }
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Nl => 1,
    }
}

fn flatten(
    table: &toml::Table,
    prefix: &str,
    out: &mut BTreeMap<String, [String; 2]>,
) -> Result<(), String> {
    let is_message = table.contains_key("en") || table.contains_key("nl");
    if is_message {
        let text = |lang: &str| match table.get(lang) {
            Some(toml::Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(format!("`{prefix}.{lang}` is not a string")),
            None => Ok(String::new()),
        };
        out.insert(prefix.to_string(), [text("en")?, text("nl")?]);
        return Ok(());
    }
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(t, &key, out)?,
            _ => return Err(format!("`{key}` must be a table with `en` and `nl`")),
        }
    }
    Ok(())
}

/// Fills `{name}` blanks from `args`; unknown blanks stay as they are.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The blanks a template names, sorted and without duplicates.
pub fn blanks(template: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(after[..close].to_string());
        rest = &after[close + 1..];
    }
    names.sort();
    names.dedup();
    names
}

/// Language-aware small formatting: lists, numbers, capitals.
#[derive(Clone, Copy, Debug)]
pub struct Speaker {
    /// The language spoken.
    pub lang: Lang,
}

impl Speaker {
    /// A speaker of a language.
    pub fn new(lang: Lang) -> Speaker {
        Speaker { lang }
    }

    /// The message with its blanks filled.
    pub fn say(&self, msg: Msg, args: &[(&str, &str)]) -> String {
        Catalogue::get().say(self.lang, msg, args)
    }

    /// A culture's name as a class reads it: a bundled culture in this language
    /// (`collaborative` is `samenwerkend` in Dutch), another culture by its own name.
    pub fn culture(&self, name: &str) -> String {
        let msg = match name {
            "collaborative" => Msg::CultureCollaborative,
            "mixed" => Msg::CultureMixed,
            "positional" => Msg::CulturePositional,
            "positional-facilitated" => Msg::CulturePositionalFacilitated,
            other => return other.to_string(),
        };
        self.say(msg, &[])
    }

    /// The message as a sentence: its first letter in capitals.
    pub fn sentence(&self, msg: Msg, args: &[(&str, &str)]) -> String {
        capitalise(&self.say(msg, args))
    }

    /// `a`, `a and b`, `a, b and c` (Dutch: `en`).
    pub fn list<S: AsRef<str>>(&self, items: &[S]) -> String {
        let and = self.say(Msg::ListAnd, &[]);
        match items {
            [] => String::new(),
            [one] => one.as_ref().to_string(),
            [init @ .., last] => {
                let head: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
                format!("{}{and}{}", head.join(", "), last.as_ref())
            }
        }
    }

    /// A number of rounds with its noun: "1 round", "3 rounds".
    pub fn rounds(&self, n: u32) -> String {
        match n {
            1 => self.say(Msg::RoundsOne, &[]),
            n => self.say(Msg::RoundsMany, &[("n", &n.to_string())]),
        }
    }

    /// A utility or world value on the 0-100 scale used with a class.
    pub fn points(&self, value: f64) -> String {
        format!("{}", (value * 100.0).round() as i64)
    }

    /// Whether `value` differs from `reference` but rounds to the same whole number on the
    /// 0-100 scale, so that [`Speaker::points_pair`] shows both with one decimal.
    pub fn rounds_onto(&self, value: f64, reference: f64) -> bool {
        value != reference && self.points(value) == self.points(reference)
    }

    /// Two utilities on the 0-100 scale that stay distinguishable: when they round to the same
    /// whole number but differ, both get one decimal (so "44.6, below 45" is not "45, below 45").
    pub fn points_pair(&self, value: f64, reference: f64) -> (String, String) {
        let (a, b) = (self.points(value), self.points(reference));
        if !self.rounds_onto(value, reference) {
            return (a, b);
        }
        let one = |v: f64| self.lang.decimal_mark(format!("{:.1}", v * 100.0));
        (one(value), one(reference))
    }

    /// How far a utility lies from a reference on the 0-100 scale, told so that it adds up
    /// with the numbers [`Speaker::points_pair`] shows for the two (the difference of the
    /// rounded scores, or one decimal when both round to the same whole number).
    pub fn points_gap(&self, value: f64, reference: f64) -> String {
        if !self.rounds_onto(value, reference) {
            let (a, b) = (
                (value * 100.0).round() as i64,
                (reference * 100.0).round() as i64,
            );
            return (a - b).abs().to_string();
        }
        let a = (value * 1000.0).round() as i64;
        let b = (reference * 1000.0).round() as i64;
        self.lang
            .decimal_mark(format!("{:.1}", (a - b).abs() as f64 / 10.0))
    }

    /// The score [`Speaker::points_pair`] shows for `value` next to `reference`, as a number
    /// on the 0-100 scale (whole, or with one decimal), so that sums of shown scores add up.
    pub fn shown_points(&self, value: f64, reference: f64) -> f64 {
        if !self.rounds_onto(value, reference) {
            (value * 100.0).round()
        } else {
            (value * 1000.0).round() / 10.0
        }
    }

    /// A sum or difference of shown scores: whole, or with one decimal when a part had one.
    pub fn points_total(&self, total: f64) -> String {
        let tenths = (total * 10.0).round() as i64;
        if tenths % 10 == 0 {
            return (tenths / 10).to_string();
        }
        self.lang
            .decimal_mark(format!("{:.1}", tenths as f64 / 10.0))
    }

    /// A package's scores as shown, summed: the joint value a class can add up.
    pub fn points_sum(&self, utilities: &[f64]) -> f64 {
        utilities.iter().map(|u| (u * 100.0).round()).sum()
    }

    /// A number with two decimals and the language's decimal mark (traits).
    pub fn decimal(&self, value: f64) -> String {
        self.lang.decimal_mark(format!("{value:.2}"))
    }

    /// A yes or no.
    pub fn yes_no(&self, yes: bool) -> String {
        self.say(if yes { Msg::Yes } else { Msg::No }, &[])
    }
}

/// The text with its first letter in capitals.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_exists_in_both_languages_with_the_same_blanks() {
        let catalogue = Catalogue::get();
        let mut problems = Vec::new();
        for msg in Msg::ALL {
            let id = msg.id();
            match (
                catalogue.template_by_id(id, Lang::En),
                catalogue.template_by_id(id, Lang::Nl),
            ) {
                (None, _) | (_, None) => problems.push(format!("{id}: not in narration.toml")),
                (Some(en), Some(nl)) => {
                    if en.trim().is_empty() {
                        problems.push(format!("{id}: no English text"));
                    }
                    if nl.trim().is_empty() {
                        problems.push(format!("{id}: no Dutch text"));
                    }
                    if blanks(en) != blanks(nl) {
                        problems.push(format!(
                            "{id}: blanks differ: en {:?}, nl {:?}",
                            blanks(en),
                            blanks(nl)
                        ));
                    }
                }
            }
        }
        assert!(
            problems.is_empty(),
            "catalogue problems:\n{}",
            problems.join("\n")
        );
    }

    #[test]
    fn the_catalogue_holds_no_message_the_code_does_not_know() {
        let known: Vec<&str> = Msg::ALL.iter().map(|m| m.id()).collect();
        let orphans: Vec<&str> = Catalogue::get()
            .ids()
            .filter(|id| !known.contains(id))
            .collect();
        assert!(orphans.is_empty(), "unused messages: {orphans:?}");
    }

    #[test]
    fn a_missing_translation_is_detected() {
        let c = Catalogue::parse("[a.b]\nen = \"x {who}\"\n").unwrap();
        assert_eq!(c.template_by_id("a.b", Lang::Nl), Some(""));
    }

    #[test]
    fn blanks_are_filled_and_unknown_ones_kept() {
        assert_eq!(
            fill("{who} opens with {x}.", &[("who", "Sam")]),
            "Sam opens with {x}."
        );
        assert_eq!(blanks("{b} and {a} and {b}"), vec!["a", "b"]);
    }

    #[test]
    fn lists_numbers_and_capitals_follow_the_language() {
        let en = Speaker::new(Lang::En);
        let nl = Speaker::new(Lang::Nl);
        assert_eq!(en.list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(nl.list(&["a", "b"]), "a en b");
        assert_eq!(en.decimal(0.5), "0.50");
        assert_eq!(nl.decimal(0.5), "0,50");
        assert_eq!(en.points(0.626), "63");
        assert_eq!(en.points_pair(0.446, 0.45), ("44.6".into(), "45.0".into()));
        assert_eq!(nl.points_pair(0.446, 0.45), ("44,6".into(), "45,0".into()));
        assert_eq!(en.points_pair(0.40, 0.45), ("40".into(), "45".into()));
        // Differences add up with the rounded numbers shown: 3.92 - 3.714 is told as 21.
        assert_eq!(en.points_gap(3.92, 3.714), "21");
        assert_eq!(en.points_gap(0.446, 0.45), "0.4");
        assert_eq!(nl.points_gap(0.45, 0.446), "0,4");
        assert_eq!(en.points_gap(0.35, 0.35), "0");
        assert_eq!(capitalise("de directie"), "De directie");
    }
}
