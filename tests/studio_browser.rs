//! The studio in a real browser: headless Chromium driven through ChromeDriver (Debian
//! packages `chromium` and `chromium-driver`, which `.ci/run` installs). These tests fail,
//! never skip, when the browser is missing.
//!
//! With `NEGSIM_STUDIO_SCREENSHOTS=DIR` they also save a screenshot of each screen there (the
//! ones in `docs/studio/` come from `NEGSIM_STUDIO_SCREENSHOTS=docs/studio cargo test --test
//! studio_browser`).

mod studio_support;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use negsim::model::label::Lang;
use negsim::studio::client::Page;
use negsim::studio::wire::Inbound;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use studio_support::{get, open_job_offer, scratch, start, trainer};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// ChromeDriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn driver() -> Driver {
    for (path, package) in [(CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")] {
        assert!(
            Path::new(path).exists(),
            "the studio's browser tests need {path}: install the Debian package `{package}` (apt-get install {package})"
        );
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    // Wait until it listens.
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver { child, port }
}

/// A fresh browser window of the given size.
async fn browser(driver: &Driver, profile: &Path, width: u32, height: u32) -> Client {
    let _ = std::fs::remove_dir_all(profile);
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync", "--hide-scrollbars",
                format!("--window-size={width},{height}"),
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a browser session starts")
}

/// Waits for an element (the pages draw after their data arrives).
async fn find(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no `{css}` on the page: {e}"))
}

/// The page's visible text.
async fn text(c: &Client) -> String {
    c.find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Waits until the page's text holds `wanted`.
async fn wait_text(c: &Client, wanted: &str) -> String {
    for _ in 0..200 {
        let t = text(c).await;
        if t.contains(wanted) {
            return t;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the page never showed `{wanted}`:\n{}", text(c).await);
}

/// Saves a screenshot of the window when `NEGSIM_STUDIO_SCREENSHOTS` names a folder.
async fn shoot(c: &Client, name: &str) {
    let Some(dir) = std::env::var_os("NEGSIM_STUDIO_SCREENSHOTS") else {
        return;
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    c.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let png = c.screenshot().await.unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

fn profile(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("profile-{name}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trainer_steps_through_a_demonstration_and_the_dance_shows_every_round() {
    let dir = scratch("browser-demo");
    let studio = start(&dir, None);
    let driver = driver();
    let c = browser(&driver, &profile(&dir, "demo"), 1600, 1000).await;
    let code = "job-offer:collaborative,positional:s9:d30";
    let (_, body) = get(&format!(
        "{}/api/demo?key={}&code={code}",
        studio.base, studio.key
    ))
    .await;
    let view: Value = serde_json::from_str(&body).unwrap();
    let played: Vec<u64> = view["processes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["played"].as_u64().unwrap())
        .collect();
    let rounds = *played.iter().max().unwrap();
    c.goto(&format!(
        "{}/trainer?key={}&demo={code}",
        studio.base, studio.key
    ))
    .await
    .unwrap();
    wait_text(&c, "Before the first round").await;
    for round in 1..=rounds {
        find(&c, "#next").await.click().await.unwrap();
        // The header counts to the deadline, not to the last round played (which would give
        // the ending away).
        let label = format!("Round {round} of 30");
        let page = wait_text(&c, &label).await;
        // Each panel's dance has one point per round so far, for each stakeholder and the
        // world: the polylines grow with the rounds.
        let charts = c.find_all(Locator::Css("svg.dance")).await.unwrap();
        assert_eq!(charts.len(), 2);
        for (panel, chart) in charts.iter().enumerate() {
            let shown = round.min(played[panel]);
            let lines = chart.find_all(Locator::Css("polyline")).await.unwrap();
            if shown >= 2 {
                assert_eq!(
                    lines.len(),
                    3,
                    "round {round}: two stakeholders and the world"
                );
                for line in lines {
                    let points = line.attr("points").await.unwrap().unwrap();
                    assert_eq!(
                        points.split_whitespace().count() as u64,
                        shown,
                        "round {round}, panel {panel}"
                    );
                }
            }
        }
        if round == 10 {
            // The axis runs to the deadline too: its last tick is round 30.
            for chart in &charts {
                let ticks = chart.find_all(Locator::Css("text.axis")).await.unwrap();
                let mut last = String::new();
                for tick in ticks {
                    let text = tick.text().await.unwrap();
                    if text.parse::<u32>().is_ok() {
                        last = text;
                    }
                }
                assert_eq!(last, "30", "the rounds' axis ends at the deadline");
            }
            shoot(&c, "demo-round").await;
            assert!(page.contains("losest to a deal"), "{page}");
        }
    }
    find(&c, "#next").await.click().await.unwrap();
    let page = wait_text(&c, "Side by side").await;
    assert!(page.contains("Win-win-win"), "{page}");
    shoot(&c, "demo-verdict").await;
    // Back goes back a round.
    find(&c, "#back").await.click().await.unwrap();
    wait_text(&c, &format!("Round {rounds} of 30")).await;

    // A what-if: one culture, a fork from round 3.
    let code = "office-reorganisation:mixed:s8:d30";
    c.goto(&format!(
        "{}/trainer?key={}&demo={code}",
        studio.base, studio.key
    ))
    .await
    .unwrap();
    wait_text(&c, "Before the first round").await;
    for _ in 0..3 {
        find(&c, "#next").await.click().await.unwrap();
    }
    wait_text(&c, "Round 3 of").await;
    c.execute(
        "document.querySelector('#what-if-who').value = 'works-council';\
         document.querySelector('#what-if-who').dispatchEvent(new Event('change'));",
        vec![],
    )
    .await
    .unwrap();
    find(&c, "#what-if-go").await.click().await.unwrap();
    let page = wait_text(&c, "The fork: from round 3 on").await;
    assert!(
        page.contains("Round 3 of"),
        "the fork opens at its round: {page}"
    );
    let charts = c
        .find_all(Locator::Css("svg.dance line.fork"))
        .await
        .unwrap();
    assert_eq!(charts.len(), 1, "the fork's panel marks its round");
    // Both futures played to their verdicts: here the more open council turns a table that
    // misses the world's bar into a win-win-win.
    let mut page = text(&c).await;
    for _ in 0..40 {
        if page.contains("Side by side: the original and the fork") {
            break;
        }
        find(&c, "#next").await.click().await.unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
        page = text(&c).await;
    }
    let page = wait_text(&c, "Side by side: the original and the fork").await;
    assert!(page.contains("Win-win-win: yes"), "{page}");
    shoot(&c, "demo-what-if").await;

    // A culture named by a path that holds a comma: "Show" writes it into the code escaped, as
    // the studio writes codes, so it reads back as one culture (unescaped, it read as two).
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/cultures/collaborative.toml"),
        dir.join("open,minds.toml"),
    )
    .unwrap();
    c.goto(&format!(
        "{}/trainer?key={}&demo=job-offer:open%252Cminds.toml:s9:d30",
        studio.base, studio.key
    ))
    .await
    .unwrap();
    wait_text(&c, "Before the first round").await;
    let culture = c
        .execute(
            "return document.querySelector('#demo-culture').value",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(culture, json!("open,minds.toml"));
    c.execute(
        "const seed = document.querySelector('#demo-seed');\
         seed.value = '10'; seed.dispatchEvent(new Event('input'));",
        vec![],
    )
    .await
    .unwrap();
    find(&c, "#demo-show").await.click().await.unwrap();
    // The address names the code once the studio has played it.
    let mut address = String::new();
    for _ in 0..100 {
        address = c.current_url().await.unwrap().to_string();
        if address.contains("s10") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        address.contains("demo=job-offer%3Aopen%252Cminds.toml%3As10%3Ad30"),
        "the studio played the form's code: {address}"
    );
    c.close().await.unwrap();
}

/// How a participant plays in the browser: holds out for a score that starts at `floor` and
/// falls by `step` after each answer, never below `least` (what they would rather walk away
/// with than less); from their third move on, puts `offer` on the table if given (else keeps
/// their own package).
#[derive(Clone)]
struct Person {
    floor: f64,
    step: f64,
    least: f64,
    offer: Option<Vec<u8>>,
}

/// Plays a participant's page as `person` until the page shows the outcome. The page redraws
/// when the studio answers, so a step that meets a redrawn page is simply tried again.
async fn play_in_the_browser(c: &Client, person: Person) -> String {
    let mut person = person;
    let mut moves = 0;
    for _ in 0..1200 {
        if c.find(Locator::Css("#result")).await.is_ok() {
            return text(c).await;
        }
        match browser_step(c, &person, moves).await {
            Ok(Step::Answered) => person.floor = (person.floor - person.step).max(person.least),
            Ok(Step::Moved) => moves += 1,
            _ => {}
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the negotiation did not end:\n{}", text(c).await);
}

/// What one step in the browser did.
enum Step {
    Moved,
    Answered,
}

/// One move or one set of answers, if the page asks for one.
async fn browser_step(
    c: &Client,
    person: &Person,
    moves: u32,
) -> Result<Step, fantoccini::error::CmdError> {
    if c.find(Locator::Css("#propose")).await.is_ok() {
        if let Some(offer) = person.offer.as_ref().filter(|_| moves >= 2) {
            // Build the package option by option, as a person clicks it together (each
            // click redraws the page).
            for (issue, option) in offer.iter().enumerate() {
                let button = format!("button.option[data-issue='{issue}'][data-option='{option}']");
                // Clicked as the page's own handler sees a click (an option may sit under the
                // totals that stay in view).
                c.execute(
                    "document.querySelector(arguments[0]).click()",
                    vec![Value::from(button)],
                )
                .await?;
            }
        }
        c.find(Locator::Css("#propose")).await?.click().await?;
        return Ok(Step::Moved);
    }
    c.find(Locator::Css("#send-answers")).await?;
    for item in c.find_all(Locator::Css("#answers li")).await? {
        let score: f64 = item
            .find(Locator::Css(".worth b"))
            .await?
            .text()
            .await?
            .parse()
            .unwrap_or(0.0);
        if score >= person.floor {
            item.find(Locator::Css("button.accept"))
                .await?
                .click()
                .await?;
        }
    }
    c.find(Locator::Css("#send-answers")).await?.click().await?;
    Ok(Step::Answered)
}

/// The job offer's package (of visible options, good enough for the world) with the largest
/// product of both parties' gains over their BATNAs: the fair deal a sensible pair works
/// towards.
fn fair_job_offer() -> Vec<u8> {
    use negsim::experiment::library::Library;
    use negsim::teaching::table::load_case;
    let case = load_case(&Library::near(Path::new("negsim")), "job-offer", Lang::En).unwrap();
    let mut best = (f64::MIN, Vec::new());
    let mut package = vec![0u8; case.k];
    loop {
        let visible = (0..case.k).all(|i| case.visible[case.flat(i, package[i] as usize)]);
        let gains: Vec<f64> = (0..case.n)
            .map(|s| case.utility(s, &package) - case.batna[s])
            .collect();
        let for_the_world = case.world_value(&package) >= case.case.world_threshold;
        if visible && for_the_world && gains.iter().all(|&g| g > 0.0) {
            let product: f64 = gains.iter().product();
            if product > best.0 {
                best = (product, package.clone());
            }
        }
        // The next package, as an odometer over the options.
        let mut i = 0;
        loop {
            if i == case.k {
                return best.1;
            }
            package[i] += 1;
            if (package[i] as usize) < case.options[i] {
                break;
            }
            package[i] = 0;
            i += 1;
        }
    }
}

/// Opens the trainer's page on the class tab, with the form that opens a session.
async fn class_form(c: &Client, base: &str, key: &str) {
    c.goto(&format!("{base}/trainer?key={key}")).await.unwrap();
    find(c, "#tab-class").await.click().await.unwrap();
    find(c, "#class-open").await;
}

/// Chooses the culture of the simulated stakeholders in the class form, as the page's own
/// handler sees the choice.
async fn choose_culture(c: &Client, culture: &str) {
    c.execute(
        "const s = document.querySelector('#class-culture'); s.value = arguments[0];\
         s.dispatchEvent(new Event('change'));",
        vec![Value::from(culture)],
    )
    .await
    .unwrap();
}

async fn join_in_browser(c: &Client, base: &str, code: &str, name: &str) {
    c.goto(&format!("{base}/j/{code}")).await.unwrap();
    find(c, "#name").await.send_keys(name).await.unwrap();
    find(c, "#join").await.click().await.unwrap();
    find(c, "#role").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_participants_negotiate_the_job_offer_to_an_agreement_and_the_board_shows_it() {
    let dir = scratch("browser-class");
    let studio = start(&dir, None);
    let driver = driver();
    let projector = browser(&driver, &profile(&dir, "projector"), 1600, 1000).await;
    class_form(&projector, &studio.base, &studio.key).await;
    // People in both seats (Sam and Robin), collaborative stakeholders in any empty one.
    find(&projector, "input[name=seat][value=manager]")
        .await
        .click()
        .await
        .unwrap();
    choose_culture(&projector, "collaborative").await;
    find(&projector, "#class-open").await.click().await.unwrap();
    let code = find(&projector, "#join-code").await.text().await.unwrap();
    assert_eq!(code.len(), 5);
    let qr = find(&projector, "#qr").await;
    assert_eq!(
        qr.attr("src").await.unwrap().unwrap(),
        format!("/qr.svg?c={code}")
    );
    let (status, svg) = get(&format!("{}/qr.svg", studio.base)).await;
    assert_eq!(status, 200);
    assert!(svg.starts_with("<?xml") && svg.contains("<svg"), "{svg}");

    let phone = browser(&driver, &profile(&dir, "phone"), 412, 915).await;
    phone
        .goto(&format!("{}/j/{code}", studio.base))
        .await
        .unwrap();
    find(&phone, "#name").await;
    shoot(&phone, "participant-join").await;
    join_in_browser(&phone, &studio.base, &code, "Ann").await;
    let laptop = browser(&driver, &profile(&dir, "laptop"), 1200, 900).await;
    join_in_browser(&laptop, &studio.base, &code, "Bob").await;
    wait_text(&laptop, "You play Robin (hiring manager)").await;
    wait_text(&projector, "People joined: 2").await;
    shoot(&projector, "class-join").await;
    find(&projector, "#class-start")
        .await
        .click()
        .await
        .unwrap();
    find(&phone, "#propose").await;
    shoot(&phone, "participant-move").await;
    // A reload keeps the seat.
    phone.refresh().await.unwrap();
    let page = wait_text(&phone, "You play Sam (candidate)").await;
    assert!(page.contains("Table 1"));
    // Both play at once: each holds out for a score that falls round by round, never below
    // their BATNA (35 for Sam, 30 for Robin) with some margin; Ann (Sam) puts the fair deal on
    // the table from her third move.
    let fair = fair_job_offer();
    let (ann, bob) = tokio::join!(
        play_in_the_browser(
            &phone,
            Person {
                floor: 85.0,
                step: 5.0,
                least: 45.0,
                offer: Some(fair.clone()),
            }
        ),
        play_in_the_browser(
            &laptop,
            Person {
                floor: 85.0,
                step: 5.0,
                least: 40.0,
                offer: None,
            }
        )
    );
    assert!(ann.contains("Agreement in round"), "{ann}");
    assert!(bob.contains("Agreement in round"), "{bob}");
    let agreed = |page: &str| {
        page.lines()
            .find(|l| l.starts_with("Agreement in round"))
            .map(str::to_string)
    };
    assert_eq!(agreed(&ann), agreed(&bob), "both see the same agreement");
    // A deal both can live with: each above their BATNA, and a win-win-win.
    for page in [&ann, &bob] {
        assert!(
            page.contains("Win-win-win") || page.contains("win-win-win"),
            "{page}"
        );
        assert!(!page.contains("Not a win-win-win"), "{page}");
    }
    assert!(
        ann.contains("Bob") && bob.contains("Ann"),
        "each sees who the other is"
    );
    shoot(&phone, "participant-result").await;
    find(&projector, "#tab-debrief")
        .await
        .click()
        .await
        .unwrap();
    let board = wait_text(&projector, "agreement").await;
    assert!(board.contains("Ann") && board.contains("Bob"), "{board}");
    find(&projector, "#cloud").await;
    find(&projector, "button.replay")
        .await
        .click()
        .await
        .unwrap();
    find(&projector, "#replay svg.dance").await;
    // The replay counts to the class's deadline (20 in the form), however early they agreed.
    let label = find(&projector, "#replay .round-label")
        .await
        .text()
        .await
        .unwrap();
    assert!(label.ends_with(" of 20"), "{label}");
    shoot(&projector, "debrief").await;
    phone.close().await.unwrap();
    laptop.close().await.unwrap();
    projector.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dutch_pages_are_in_dutch_and_a_participant_never_sees_the_others_valuations() {
    let dir = scratch("browser-nl");
    let studio = start(&dir, None);
    let mut trainer_page = trainer(&studio).await;
    let code = open_job_offer(&mut trainer_page, "positional", 20).await;
    let driver = driver();
    let phone = browser(&driver, &profile(&dir, "nl"), 412, 915).await;
    // A code read wrong from the projector is refused in Dutch.
    phone
        .goto(&format!("{}/j/ZZZZZ?lang=nl", studio.base))
        .await
        .unwrap();
    let page = wait_text(&phone, "Doe mee aan de onderhandeling").await;
    assert!(
        page.contains("Je naam") && !page.contains("Your name"),
        "{page}"
    );
    find(&phone, "#name").await.send_keys("Sam").await.unwrap();
    find(&phone, "#join").await.click().await.unwrap();
    let page = wait_text(
        &phone,
        "Niet gelukt: er is geen sessie met de code „ZZZZZ”; kijk nog eens naar de code op het scherm",
    )
    .await;
    shoot(&phone, "participant-nl-wrong-code").await;
    assert!(!page.contains("there is no session"), "{page}");
    join_in_browser(&phone, &studio.base, &code, "Sam").await;
    trainer_page.send(&Inbound::Start).await.unwrap();
    find(&phone, "#propose").await;
    // In round 1 there is no earlier proposal to keep; from round 2 on there is.
    let first = wait_text(
        &phone,
        "Ronde 1 van 20: stel een pakket samen en doe een voorstel.",
    )
    .await;
    assert!(!first.contains("laat je vorige staan"), "{first}");
    // Play some rounds, so that the log and the table fill.
    for _ in 0..4 {
        find(&phone, "#propose").await.click().await.unwrap();
        find(&phone, "#send-answers").await.click().await.unwrap();
    }
    find(&phone, "#propose").await;
    phone
        .execute("document.querySelector('#sheet').open = true", vec![])
        .await
        .unwrap();
    let page = text(&phone).await;
    shoot(&phone, "participant-nl").await;
    for dutch in [
        "of laat je vorige staan",
        "Je speelt Sam (kandidaat)",
        "Jouw rolinstructie",
        "Stel dit pakket voor",
        "Wat er gebeurde",
        "voor jou",
        "voor de wereld",
    ] {
        assert!(page.contains(dutch), "`{dutch}` missing:\n{page}");
    }
    for english in [
        "You play",
        "Your role sheet",
        "Propose this package",
        "What happened",
        "for you",
        "Round ",
    ] {
        assert!(
            !page.contains(english),
            "`{english}` on the Dutch page:\n{page}"
        );
    }
    // Sam's page shows Sam's scores, and none of Robin's: not Robin's BATNA, not one of
    // Robin's option scores where it differs from Sam's.
    let case = negsim::studio::engine::case(
        &negsim::experiment::library::Library::near(Path::new("negsim")),
        "job-offer",
        Lang::En,
    )
    .unwrap();
    let html = phone.source().await.unwrap();
    assert!(page.contains("Zonder akkoord krijg je 35 punten"), "{page}");
    assert!(!html.contains("30 punten"), "Robin's BATNA on Sam's page");
    for (i, issue) in case.case.issues.iter().enumerate() {
        for (o, option) in issue.options.iter().enumerate() {
            let f = case.flat(i, o);
            let sam = (case.valuations[f] * 100.0).round();
            let robin = (case.valuations[case.total + f] * 100.0).round();
            let label = option.label.get(negsim::model::label::Lang::Nl);
            assert!(page.contains(&format!("{label}: {sam}")), "{label}: {sam}");
            if sam != robin {
                assert!(
                    !page.contains(&format!("{label}: {robin}")),
                    "Robin's score of {label} on Sam's page"
                );
            }
        }
    }
    // The trainer's page in Dutch.
    let projector = browser(&driver, &profile(&dir, "trainer-nl"), 1600, 1000).await;
    projector
        .goto(&format!(
            "{}/trainer?key={}&lang=nl&demo=office-reorganisation:mixed:s12:d25",
            studio.base, studio.key
        ))
        .await
        .unwrap();
    let page = wait_text(&projector, "Voor de eerste ronde").await;
    // The form shows the loaded code's settings: one culture, nothing side by side.
    let form = projector
        .execute(
            "return ['#demo-case', '#demo-culture', '#demo-compare', '#demo-seed', '#demo-deadline']\
             .map((id) => document.querySelector(id).value)",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        form,
        json!(["office-reorganisation", "mixed", "", "12", "25"]),
        "the form shows what the code says"
    );
    for dutch in [
        "Demonstratie",
        "De groep onderhandelt",
        "Nabespreking",
        "Verder",
    ] {
        assert!(page.contains(dutch), "`{dutch}` missing:\n{page}");
    }
    find(&projector, "#next").await.click().await.unwrap();
    let page = wait_text(&projector, "Ronde 1 van").await;
    assert!(!page.contains("Round 1 of"), "{page}");
    // One culture's chart spans the stage with type the size of the side-by-side view's
    // (about 18 px at this width), not twice it.
    let axis = projector
        .execute(
            "return document.querySelector('svg.dance text.axis').getBoundingClientRect().height",
            vec![],
        )
        .await
        .unwrap();
    let axis = axis.as_f64().unwrap();
    assert!((12.0..28.0).contains(&axis), "axis numbers {axis} px high");
    shoot(&projector, "demo-nl").await;
    let _ = Page::connect(&studio.base).await.unwrap();
    phone.close().await.unwrap();
    projector.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_side_by_side_comparison_is_a_table_in_the_pages_language() {
    let dir = scratch("browser-comparison");
    let studio = start(&dir, None);
    // The collaborative table misses the world's bar of 85 by less than half a point: its
    // world value has a decimal, which Dutch writes with a comma.
    let code = "office-reorganisation:collaborative,positional:s11:d30";
    let (_, body) = get(&format!(
        "{}/api/demo?key={}&code={code}&lang=nl",
        studio.base, studio.key
    ))
    .await;
    let view: Value = serde_json::from_str(&body).unwrap();
    let comparison = &view["comparison"];
    let driver = driver();
    // Tall enough for the verdicts and the table below them in one screenshot.
    let c = browser(&driver, &profile(&dir, "comparison"), 1600, 3000).await;
    c.goto(&format!(
        "{}/trainer?key={}&lang=nl&demo={code}",
        studio.base, studio.key
    ))
    .await
    .unwrap();
    wait_text(&c, "Voor de eerste ronde").await;
    let title = comparison["title"].as_str().unwrap();
    for _ in 0..40 {
        if text(&c).await.contains(title) {
            break;
        }
        find(&c, "#next").await.click().await.unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    find(&c, "table.comparison").await;
    // The table as the page shows it: the column names, then each row's label and cells,
    // with how each cell is aligned.
    let shown = c
        .execute(
            "const t = document.querySelector('table.comparison');\
             const cell = (x) => [x.textContent, getComputedStyle(x).textAlign];\
             return {\
               columns: [...t.querySelectorAll('thead th')].map((x) => x.textContent),\
               rows: [...t.querySelectorAll('tbody tr')].map((r) => ({\
                 label: cell(r.querySelector('th')),\
                 cells: [...r.querySelectorAll('td')].map(cell) })),\
               pre: document.querySelectorAll('section.comparison pre').length,\
               size: parseFloat(getComputedStyle(t.querySelector('td')).fontSize) };",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(shown["columns"], json!(["samenwerkend", "positioneel"]));
    assert_eq!(shown["pre"], 0, "no block of terminal text");
    let rows = comparison["rows"].as_array().unwrap();
    assert_eq!(shown["rows"].as_array().unwrap().len(), rows.len());
    for (row, drawn) in rows.iter().zip(shown["rows"].as_array().unwrap()) {
        assert_eq!(drawn["label"], json!([row["label"], "left"]));
        let cells: Vec<Value> = row["cells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|cell| json!([cell, "right"]))
            .collect();
        assert_eq!(drawn["cells"], json!(cells), "{row}");
    }
    let world = rows
        .iter()
        .find(|r| {
            r["label"]
                .as_str()
                .unwrap()
                .starts_with("Waarde voor de wereld")
        })
        .unwrap();
    assert_eq!(world["cells"], json!(["84,6", "25"]));
    // Type a projector shows to the back of the room: the narration's size or more.
    let size = shown["size"].as_f64().unwrap();
    assert!(size >= 22.0, "figures {size} px high");
    let page = text(&c).await;
    assert!(
        page.contains("Een waarde met een decimaal ligt net onder de lat van 85"),
        "{page}"
    );
    shoot(&c, "demo-comparison-nl").await;
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_joined_twice_is_marked_on_the_trainers_board() {
    let dir = scratch("browser-same-name");
    let studio = start(&dir, None);
    let mut trainer_page = trainer(&studio).await;
    let code = open_job_offer(&mut trainer_page, "positional", 20).await;
    // Ann joins, then someone (or Ann again, on another phone) as "ann"; Bob once.
    let mut seated = Vec::new();
    for name in ["Ann", "Bob", "ann"] {
        seated.push(studio_support::join(&studio, &code, name).await);
    }
    let driver = driver();
    let projector = browser(&driver, &profile(&dir, "same-name"), 1600, 1000).await;
    projector
        .goto(&format!("{}/trainer?key={}", studio.base, studio.key))
        .await
        .unwrap();
    find(&projector, "#tab-class").await.click().await.unwrap();
    wait_text(&projector, "People joined: 3").await;
    let marks = projector
        .find_all(Locator::Css(".table-card .same-name"))
        .await
        .unwrap();
    assert_eq!(marks.len(), 2, "both seats with the name are marked");
    let page = wait_text(&projector, "the same name as someone else").await;
    assert!(!page.contains("Bob ⚠"), "{page}");
    shoot(&projector, "class-same-name").await;
    projector.close().await.unwrap();
}

/// A studio started with `--lang nl` opens its pages in Dutch when they have no language of
/// their own yet; `?lang=en` in the address still wins, and the choice then stays with that
/// browser over the studio's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dutch_studio_opens_its_pages_in_dutch_unless_the_address_asks_for_english() {
    let dir = scratch("browser-lang");
    let studio = studio_support::start_with(&dir, None, &["--lang", "nl"]);
    let driver = driver();
    let phone = browser(&driver, &profile(&dir, "lang"), 412, 915).await;
    phone.goto(&format!("{}/join", studio.base)).await.unwrap();
    let page = wait_text(&phone, "Doe mee aan de onderhandeling").await;
    assert!(!page.contains("Your name"), "{page}");
    let lang = phone
        .execute("return document.documentElement.lang", vec![])
        .await
        .unwrap();
    assert_eq!(lang, "nl");
    phone
        .goto(&format!("{}/join?lang=en", studio.base))
        .await
        .unwrap();
    let page = wait_text(&phone, "Your name").await;
    assert!(!page.contains("Je naam"), "{page}");
    // Without the query, the browser's own choice now comes before the studio's language.
    phone.goto(&format!("{}/join", studio.base)).await.unwrap();
    let page = wait_text(&phone, "Your name").await;
    assert!(!page.contains("Je naam"), "{page}");
    phone.close().await.unwrap();
}

/// Proposes its best package in round 1 and fails (panics) at its proposal in round 2.
struct FailingInRoundTwo;

impl negsim::protocol::strategy::Strategy for FailingInRoundTwo {
    fn respond(
        &mut self,
        _: &negsim::protocol::strategy::Observation<'_>,
        _: &mut negsim::rng::Stream,
    ) -> bool {
        false
    }
    fn propose(
        &mut self,
        o: &negsim::protocol::strategy::Observation<'_>,
        _: &mut negsim::rng::Stream,
        package: &mut [u8],
    ) {
        assert!(o.round < 2, "lost its way in round {}", o.round);
        o.package_near(o.best_utility, package);
    }
}

/// A studio whose cultures include one naming a registered strategy needs a binary with that
/// strategy in it (as `examples/own_binary.rs` is): here it is served from this test's own
/// process. When the strategy fails, the table it plays at stops: the trainer's board shows
/// the card as stopped with the strategy's name and the failure, and the person at the table
/// reads that it stopped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_table_whose_strategy_fails_is_shown_as_stopped_to_the_trainer_and_the_person_at_it() {
    use negsim::experiment::library::Library;
    use negsim::studio::server::{Hub, serve};
    use std::sync::{Arc, Mutex};
    negsim::protocol::strategy::register("test_browser_failing", |_| Box::new(FailingInRoundTwo))
        .unwrap();
    let dir = scratch("browser-stopped");
    // A culture of the studio's folder that seats the strategy at every simulated seat.
    let cultures = dir.join("configs/cultures");
    std::fs::create_dir_all(&cultures).unwrap();
    let positional = std::fs::read_to_string("configs/cultures/positional.toml")
        .unwrap()
        .replace("name = \"positional\"", "name = \"scripted\"");
    std::fs::write(
        cultures.join("scripted.toml"),
        format!("tactic = \"test_browser_failing\"\n{positional}"),
    )
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let hub = Hub::new(
        Library::near(&dir.join("negsim")),
        dir.join("journal.json"),
        base.clone(),
        None,
        Lang::En,
    )
    .unwrap();
    let key = hub.trainer_key().to_string();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, Arc::new(Mutex::new(hub)), async {
        let _ = stopped.await;
    }));

    let driver = driver();
    let projector = browser(&driver, &profile(&dir, "projector"), 1600, 1000).await;
    class_form(&projector, &base, &key).await;
    choose_culture(&projector, "scripted").await;
    find(&projector, "#class-open").await.click().await.unwrap();
    let code = find(&projector, "#join-code").await.text().await.unwrap();
    let phone = browser(&driver, &profile(&dir, "phone"), 412, 915).await;
    join_in_browser(&phone, &base, &code, "Ann").await;
    wait_text(&projector, "People joined: 1").await;
    find(&projector, "#class-start")
        .await
        .click()
        .await
        .unwrap();
    // Round 1: Ann proposes nothing of her own and accepts nothing; the strategy proposes.
    // Round 2: Ann moves again, and the strategy fails at its proposal.
    find(&phone, "#propose").await.click().await.unwrap();
    find(&phone, "#send-answers").await.click().await.unwrap();
    wait_text(&phone, "Round 2 of").await;
    find(&phone, "#propose").await.click().await.unwrap();
    let page = wait_text(&phone, "This table has stopped").await;
    assert!(
        page.contains("the program playing a simulated stakeholder failed"),
        "{page}"
    );
    assert!(!page.contains("Agreement in round"), "{page}");
    // No move is offered at a stopped table.
    assert!(phone.find(Locator::Css("#propose")).await.is_err());
    shoot(&phone, "participant-stopped").await;
    // The trainer's class tab: the table's card, stopped, with the strategy and its failure.
    let class = wait_text(&projector, "stopped: a strategy failed").await;
    assert!(class.contains("Ann"), "{class}");
    let class = wait_text(&projector, "Every table has finished").await;
    assert!(!class.contains("The tables are negotiating"), "{class}");
    let told = |reason: &str| {
        reason.starts_with(
            "strategy `test_browser_failing` failed: panicked at tests/studio_browser.rs:",
        ) && reason.ends_with(": lost its way in round 2")
    };
    let card = find(&projector, ".table-card.stopped .stopped-reason")
        .await
        .text()
        .await
        .unwrap();
    assert!(told(&card), "{card}\n{class}");
    shoot(&projector, "class-stopped").await;
    // The debrief's board: the reason stands where the results would.
    find(&projector, "#tab-debrief")
        .await
        .click()
        .await
        .unwrap();
    let row = find(&projector, "#board tr.stopped .stopped-reason")
        .await
        .text()
        .await
        .unwrap();
    assert!(told(&row), "{row}");
    shoot(&projector, "debrief-stopped").await;
    phone.close().await.unwrap();
    projector.close().await.unwrap();
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
