//! Closed cases of the last fortnight with their follow-ups (回访) in every state: one overdue,
//! one visited 满意, one nobody could reach in three calls, one 不满意 and re-opened, and
//! story 8's wage case whose follow-up found the second instalment unpaid — a 个性 problem
//! routed back to 人社局 with its own clock, the case re-opened.

use super::script::{CaseSteps, Op, Script};
use super::today::{Cast, W1, W2};
use crate::domain::WorkCalendar;
use crate::domain::case::{Channel, Handling, Level, Stream};
use crate::domain::clock::day_start;
use crate::domain::follow_up::{ProblemKind, Satisfaction};
use chrono::{DateTime, Duration, NaiveDate, Utc};

const DAY: i64 = 24 * 60;

/// The working day on or after `days` calendar days before `today`, at `hour`.
fn days_ago(today: NaiveDate, days: i64, hour: i64) -> DateTime<Utc> {
    let day = WorkCalendar::builtin().nth_working_day(today - Duration::days(days), 1);
    day_start(day.min(today)) + Duration::minutes(hour * 60)
}

pub(super) fn write(s: &mut Script, c: &mut Cast, today: NaiveDate) {
    use Handling::{Immediate, Joint};
    use Level::County;
    use Stream::Mediation;

    // Closed ten days ago; nobody has called yet.
    let i = c.intake(
        Channel::WalkIn,
        "邻里纠纷",
        "邻居在公共楼道堆放杂物，多次协商未果。",
        None,
    );
    s.case(days_ago(today, 10, 9), W1, i)
        .triage(
            6,
            Mediation,
            Immediate,
            County,
            "婚姻家庭纠纷人民调解委员会",
            &[],
        )
        .resolve(40, "调解成功：邻居当场同意三日内清理楼道")
        .close(45);

    // Visited two days after closing: 满意.
    let respondent = c.company("物业服务");
    let i = c.intake(
        Channel::Hotline,
        "物业纠纷",
        "小区电梯停运一周，物业公司迟迟不修。",
        Some(respondent),
    );
    s.case(days_ago(today, 6, 10), W2, i)
        .triage(
            8,
            Mediation,
            Joint,
            County,
            "物业纠纷人民调解委员会",
            &["住建局"],
        )
        .resolve(DAY, "调解成功：物业公司承诺五日内修复电梯并减免当月物业费")
        .close(DAY + 10)
        .visit(
            3 * DAY,
            Satisfaction::Satisfied,
            None,
            "电话回访：电梯已修复，业主表示满意",
        );

    // Three calls nobody answered: marked unreachable.
    let respondent = c.company("电器销售");
    let i = c.intake(
        Channel::WalkIn,
        "消费纠纷",
        "网购家电送货上门后发现破损，商家拒绝退换。",
        Some(respondent),
    );
    s.case(days_ago(today, 9, 14), W1, i)
        .triage(
            5,
            Mediation,
            Immediate,
            County,
            "消费纠纷人民调解委员会",
            &[],
        )
        .resolve(60, "调解成功：商家同意换新")
        .close(65)
        .unreached(DAY + 60, "电话无人接听")
        .unreached(2 * DAY + 60, "电话无人接听")
        .unreached(3 * DAY + 60, "电话关机");

    // 不满意: the case is handled again under a new reply clock.
    let i = c.intake(
        Channel::WalkIn,
        "婚姻家庭",
        "离婚后前夫不按约定支付子女抚养费。",
        None,
    );
    s.case(days_ago(today, 8, 9), W2, i)
        .triage(
            7,
            Mediation,
            Immediate,
            County,
            "婚姻家庭纠纷人民调解委员会",
            &[],
        )
        .mediated(
            90,
            "调协〔示〕婚字第31号",
            true,
            "调解成功：前夫同意按月支付抚养费，已申请司法确认",
        )
        .confirmed(94, true)
        .close(95)
        .visit(
            2 * DAY,
            Satisfaction::Dissatisfied,
            None,
            "电话回访：本月抚养费仍未到账，当事人不满意",
        );

    // Story 8: the second instalment never came; 个性 problem back to 人社局.
    let respondent = c.company("建筑劳务");
    let mut i = c.intake(
        Channel::WalkIn,
        "劳动争议/欠薪",
        "九名工人被拖欠三个月工资共计十四万元，包工头失联。",
        Some(respondent),
    );
    i.group_persons = 9;
    i.lanes.group_visit = true;
    s.case(days_ago(today, 14, 9), W1, i)
        .triage(
            5,
            Mediation,
            Joint,
            County,
            "劳动争议人民调解委员会",
            &["人社局", "住建局"],
        )
        .resolve(
            3 * 60,
            "调解成功：总包单位分两期代付工资，第一期当日支付，第二期十日内支付",
        )
        .close(3 * 60 + 10)
        .visit(
            12 * DAY,
            Satisfaction::Fair,
            Some((ProblemKind::Individual, "人社局")),
            "电话回访：第一期已到账，第二期逾期未付，交人社局督促总包单位支付",
        );
}

impl CaseSteps<'_> {
    /// A reached follow-up by phone, with what it found.
    pub fn visit(
        self,
        minutes: i64,
        satisfaction: Satisfaction,
        problem: Option<(ProblemKind, &'static str)>,
        note: &'static str,
    ) -> Self {
        let by = Some("回访员-李娜".to_string());
        self.push(
            minutes,
            by,
            Op::Visit {
                satisfaction,
                problem,
                note,
            },
        )
    }

    /// A follow-up call nobody answered.
    pub fn unreached(self, minutes: i64, note: &'static str) -> Self {
        let by = Some("回访员-李娜".to_string());
        self.push(minutes, by, Op::Unreached { note })
    }
}
