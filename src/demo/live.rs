//! What the board shows at the end of the morning: sessions in progress, departments counting
//! down (one late), the repeat visitor of scenario 3, and residents waiting to be called.

use super::script::{Frame, Script};
use super::today::{Cast, HOTLINE, ONLINE, Visitor, W1, W2, body, hm};
use crate::domain::Intake;
use crate::domain::case::{CaseEvent, Channel, Handling, Level, Stream};
use crate::domain::party::PartyRole;
use crate::domain::room::RoomKind;

use Handling::{Immediate, Joint};
use Level::{County, Township};
use Stream::{Enforcement, Litigation, Mediation, Petition};

/// Writes the live cases; they keep their distance to the end of the frame.
pub(super) fn write(s: &mut Script, c: &mut Cast, f: &Frame, visitor: Visitor) {
    let centre = c.centre;
    let Visitor {
        party: yang,
        land,
        road_year,
        last,
    } = visitor;
    let l = |minute| f.live(minute);

    // 10:20 Six owners against the developer, in 第二调解室.
    let r = Some(c.company("房地产开发有限公司"));
    let mut i = c.intake(
        Channel::WalkIn,
        "房屋买卖",
        "某小区六名业主代表反映开发商交房后地下车库渗水、外墙脱落，物业与开发商互相推诿，要求维修并赔偿。",
        r,
    );
    i.group_persons = 6;
    s.case(l(hm(10, 20)), W1, i)
        .triage(
            8,
            Mediation,
            Joint,
            County,
            "住建局",
            &["物业纠纷人民调解委员会", "市场监管局"],
        )
        .whistle(10, "住建局", "交房质量问题")
        .whistle(10, "市场监管局", "商品房销售合同履行")
        .arrive(35, "市场监管局")
        .book_with(38, "第二调解室", "孙丽")
        .arrive(45, "住建局")
        .event(46, CaseEvent::OpenSession, None);

    // 10:35 A death after surgery: five relatives, emotional risk; 卫生健康局 is late.
    let r = body("县人民医院");
    let mut i = c.intake(
        Channel::WalkIn,
        "医疗纠纷",
        "患者家属五人反映亲属在县人民医院手术后出现并发症死亡，质疑诊疗过程存在过错，情绪激动，要求赔偿。",
        r,
    );
    i.group_persons = 5;
    i.lanes.emotional_risk = true;
    s.case(l(hm(10, 35)), W2, i)
        .triage(
            5,
            Mediation,
            Joint,
            County,
            "医疗纠纷人民调解委员会",
            &["卫生健康局", "公安局"],
        )
        .whistle(7, "卫生健康局", "医疗纠纷，需调取病历并组织专家")
        .whistle(7, "公安局", "家属情绪激动，维护现场秩序")
        .book(8, "情绪疏导室")
        .release(19, "情绪疏导室")
        .session_with(20, "第五调解室", "钱振华")
        .arrive(23, "公安局");

    // 10:48 Barbecue smoke and noise: two departments whistled, counting down.
    let r = Some(c.company("餐饮管理有限公司"));
    let i = c.intake(
        Channel::WalkIn,
        "城市管理",
        "沿街商户反映相邻烧烤店油烟噪音扰民，夜间经营至凌晨，多次投诉未解决。",
        r,
    );
    s.case(l(hm(10, 48)), W1, i)
        .triage(6, Enforcement, Joint, County, "综合执法局", &["生态环境局"])
        .whistle(20, "综合执法局", "油烟噪音扰民")
        .whistle(20, "生态环境局", "油烟排放检测");

    // 10:55 A lorry into a shop front, in 第四调解室.
    let r = Some(c.person(PartyRole::Respondent));
    let i = c.intake(
        Channel::WalkIn,
        "交通事故",
        "货车倒车时撞坏路边商铺门面及货架，双方对损失金额认定不一致。",
        r,
    );
    s.case(l(hm(10, 55)), W2, i)
        .triage(
            4,
            Mediation,
            Joint,
            County,
            "交通事故纠纷人民调解委员会",
            &["交警大队"],
        )
        .whistle(5, "交警大队", "需现场勘查及责任认定")
        .session_with(10, "第四调解室", "吴海涛")
        .arrive(22, "交警大队");

    // 11:00 A migrant worker far away, by video, about his homestead at home.
    let r = Some(c.person(PartyRole::Respondent));
    let i = c.intake(
        Channel::Online,
        "宅基地纠纷",
        "在外务工人员通过视频接访反映老家宅基地被邻居占用建房，要求停止侵占。",
        r,
    );
    s.case(l(hm(11, 0)), ONLINE, i)
        .triage(5, Mediation, Joint, Township, "自然资源局", &[])
        .session(6, "视频接访室");

    // 11:05 Scenario 3: 杨树林's fourth visit, linked to the third; legal aid sees him.
    let mut i = Intake::new(
        centre,
        Channel::WalkIn,
        "征地补偿",
        &format!("第四次来访：反映{road_year}年县城至新河镇公路建设征收其承包地1.2亩，认为补偿标准过低，要求按现行标准补足差额。"),
    )
    .with_party(yang);
    i.parties.extend(land);
    i.repeat_of = Some(last);
    i.lanes.emotional_risk = true;
    s.case(l(hm(11, 5)), W1, i)
        .triage(
            7,
            Petition,
            Joint,
            County,
            "信访局",
            &["自然资源局", "司法局"],
        )
        .whistle(9, "自然资源局", "重复访，征地补偿历史遗留问题")
        .whistle(9, "司法局", "法律援助律师释法，已预约14:00心理咨询")
        .book_with(12, "法律援助室", "沈静")
        .reserve(13, "心理咨询室", RoomKind::Counselling, Some((14, 0)));

    // 11:12 Someone hurt on a building site waits for the legal-aid lawyer.
    let i = c.intake(
        Channel::WalkIn,
        "劳动争议/工伤",
        "在工地干活摔伤住院，包工头失联，不知道找谁赔偿，想咨询法律援助。",
        None,
    );
    s.case(l(hm(11, 12)), W2, i)
        .triage(3, Litigation, Immediate, County, "司法局", &[])
        .reserve(4, "公共法律服务室", RoomKind::LegalAid, None)
        .out_of_service(5, "诉前调解室", "投影设备维修");

    // 11:16 … 11:27 Registered, waiting to be called (nobody is called after 11:16, so the
    // disabled man's priority lane is not jumped).
    let r = Some(c.person(PartyRole::Respondent));
    let i = c.intake(
        Channel::WalkIn,
        "房屋租赁",
        "反映租住房屋到期退租后，房东以墙面损坏为由扣留押金三千元。",
        r,
    );
    s.case(l(hm(11, 16)), W2, i);

    let mut i = c.intake(
        Channel::WalkIn,
        "社会保障",
        "肢体残疾人反映所在村未按规定为其申报低保，多次到乡政府询问未果。",
        None,
    );
    i.lanes.elderly_disabled = true;
    s.case(l(hm(11, 20)), W1, i);

    let r = Some(c.company("教育培训有限公司"));
    let i = c.intake(
        Channel::Hotline,
        "消费纠纷",
        "来电反映某培训机构停业后拒不退还剩余课时费约一万二千元。",
        r,
    );
    s.case(l(hm(11, 23)), HOTLINE, i);

    let r = Some(c.person(PartyRole::Respondent));
    let i = c.intake(
        Channel::WalkIn,
        "合同纠纷",
        "两家个体商户因货款结算发生纠纷，对方拖欠货款八万余元。",
        r,
    );
    s.case(l(hm(11, 27)), W1, i);
}
