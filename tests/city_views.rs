//! The wall screen reading from a replica (`yidi board --read-db`): a replica more than 2 s
//! behind its primary is named in the header, in words, at 80x24 and 200x50, zh and en.

#[macro_use]
mod common;

use common::screen::{LANGS, SIZES, draw, lines};
use uuid::Uuid;
use yidi::app::action::Action;
use yidi::app::state::State;
use yidi::app::update::update;
use yidi::domain::case::Level;
use yidi::domain::validation::Lang;
use yidi::domain::{Centre, SystemClock};

fn wall(lang: Lang) -> State {
    let centre = Centre {
        id: Uuid::now_v7(),
        code: "county".into(),
        name: "示范县社会治理综合服务中心".into(),
        level: Level::County,
        parent: None,
    };
    let now = yidi::domain::Clock::now(&SystemClock);
    let mut s = State::new(
        centre,
        "wall".into(),
        "1号窗口".into(),
        lang,
        yidi::theme::Theme::fallback(),
        now,
    );
    s.wallboard = true;
    s
}

#[test]
fn a_replica_more_than_two_seconds_behind_is_named_on_the_wall_screen() {
    for lang in LANGS {
        for (w, h) in SIZES {
            let mut s = wall(lang);
            update(&mut s, Action::ReplicaLag(Some(7.4)));
            let head = lines(draw(&mut s, w, h).backend().buffer())[0].clone();
            let want = match lang {
                Lang::Zh => "只读副本滞后 7 秒",
                Lang::En => "REPLICA 7 s BEHIND",
            };
            assert!(head.contains(want), "{w}x{h}: {head}");

            update(&mut s, Action::ReplicaLag(Some(1.5)));
            let head = lines(draw(&mut s, w, h).backend().buffer())[0].clone();
            assert!(!head.contains(want), "caught up: {head}");
            let live = match lang {
                Lang::Zh => "实时",
                Lang::En => "live",
            };
            assert!(head.contains(live), "{w}x{h}: {head}");
        }
    }
}
