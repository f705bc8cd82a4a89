//! Today's settled morning at the county centre: cases received from 08:30 that reached an
//! outcome (or a waiting state) along the way, among them scenarios 1, 2 and 4.

use super::people;
use super::script::{Frame, Script};
use super::today::{COURT, Cast, GRID, HOTLINE, LEADER, ONLINE, W1, W2, body, hm};
use crate::domain::Intake;
use crate::domain::case::{CaseEvent, Channel, Handling, Level, Stream};
use crate::domain::party::PartyRole;
use chrono::{Datelike, NaiveDate};

use Handling::{Immediate, Joint};
use Level::{County, Township, Village};
use Stream::{Enforcement, Litigation, Mediation, Petition};

/// Writes the morning's settled cases; their intake times are spread over the frame.
pub(super) fn write(s: &mut Script, c: &mut Cast, f: &Frame, today: NaiveDate) {
    let centre = c.centre;
    let year = today.year();
    let m = |minute| f.morning(minute);

    // 08:32 An old man whose three children will not support him; settled in the 老娘舅 studio.
    let mut father = c.aged(PartyRole::Applicant, true, 78, today);
    let surname: String = father.name.chars().take(1).collect();
    let mut son = c.aged(PartyRole::Respondent, true, 50, today);
    son.name = format!("{surname}{}", son.name.chars().skip(1).collect::<String>());
    father.address.clone_from(&son.address);
    let mut i = Intake::new(
        centre,
        Channel::WalkIn,
        "婚姻家庭/赡养",
        "七十八岁老人反映三个子女互相推诿，拒不支付赡养费，要求子女每月给付生活费并轮流照料。",
    )
    .with_party(father)
    .with_party(son);
    i.lanes.elderly_disabled = true;
    s.case(m(hm(8, 32)), W1, i)
        .triage(
            6,
            Mediation,
            Immediate,
            County,
            "婚姻家庭纠纷人民调解委员会",
            &[],
        )
        .session(10, "老娘舅调解工作室")
        .resolve(
            65,
            "调解成功：签订赡养协议，三名子女每人每月给付赡养费800元，按月轮流照料",
        )
        .release(66, "老娘舅调解工作室")
        .close(70)
        .follow_up(150, 5, "当日电话回访：子女已按协议接老人回家，老人表示满意");

    // 08:35 A hand crushed at a machine shop; told how to apply for work-injury recognition.
    let r = Some(c.company("机械加工厂"));
    let i = c.intake(
        Channel::WalkIn,
        "劳动争议/工伤",
        "在县城某机械加工厂务工期间右手被冲床压伤，厂方不认可工伤，拒绝支付医疗费及停工期间工资。",
        r,
    );
    s.case(m(hm(8, 35)), W2, i)
        .triage(8, Mediation, Immediate, County, "人社局", &[])
        .explain(45, "已答复：告知工伤认定申请程序及一年时限，人社局工伤股指导准备材料，法律援助室值班律师提供咨询");

    // 08:38 Hotline: an air conditioner that does not cool.
    let r = Some(c.company("家电城"));
    let i = c.intake(
        Channel::Hotline,
        "消费纠纷",
        "来电反映在县城某家电卖场购买的空调安装后不制冷，商家以超过七天为由拒绝退换。",
        r,
    );
    s.case(m(hm(8, 38)), HOTLINE, i)
        .triage(4, Mediation, Immediate, County, "市场监管局", &[])
        .resolve(
            50,
            "调解成功：经市场监管局电话协调，商家同意上门更换压缩机并延长保修一年",
        )
        .close(52);

    // 08:40 Neighbours and a stairwell full of junk: settled at the window.
    let r = Some(c.person(PartyRole::Respondent));
    let i = c.intake(
        Channel::WalkIn,
        "邻里纠纷",
        "邻居在公共楼道堆放杂物并饲养犬只，多次协商无果，双方发生口角。",
        r,
    );
    s.case(m(hm(8, 40)), W1, i)
        .triage(3, Mediation, Immediate, Township, "司法局", &[])
        .resolve(
            35,
            "现场化解：双方达成口头协议，三日内清理楼道杂物，犬只拴养",
        )
        .close(36);

    // 08:41 A private loan: to the court's small-claims procedure.
    let r = Some(c.person(PartyRole::Respondent));
    let i = c.intake(
        Channel::WalkIn,
        "民间借贷",
        &format!(
            "{}年借给同村村民五万元，约定一年归还，至今分文未还，对方避而不见。",
            year - 3
        ),
        r,
    );
    s.case(m(hm(8, 41)), W2, i)
        .triage(5, Litigation, Immediate, County, "法院", &[])
        .refer(24, "引导至法院立案窗口，适用小额诉讼程序")
        .close(26);

    // 08:43 Online: lifts that keep breaking down.
    let r = Some(c.company("物业服务有限公司"));
    let i = c.intake(
        Channel::Online,
        "物业纠纷",
        "网上反映小区电梯频繁故障，物业公司维修不及时，业主要求公开维修基金使用情况。",
        r,
    );
    s.case(m(hm(8, 43)), ONLINE, i).triage(
        20,
        Mediation,
        Joint,
        County,
        "物业纠纷人民调解委员会",
        &["住建局"],
    );

    // 08:44 A divorce with a custody fight, in the 春华 studio since 09:12.
    let mut wife = c.aged(PartyRole::Applicant, false, 36, today);
    wife.name = format!(
        "{}{}",
        wife.name.chars().take(1).collect::<String>(),
        "晓燕"
    );
    let husband = c.aged(PartyRole::Respondent, true, 38, today);
    let mut i = Intake::new(
        centre,
        Channel::WalkIn,
        "婚姻家庭",
        "夫妻因感情不和分居两年，女方要求离婚并分割共同财产，双方对子女抚养权争执不下，男方情绪激动。",
    )
    .with_party(wife)
    .with_party(husband);
    i.lanes.emotional_risk = true;
    s.case(m(hm(8, 44)), W1, i)
        .triage(
            7,
            Mediation,
            Joint,
            County,
            "婚姻家庭纠纷人民调解委员会",
            &["妇联"],
        )
        .whistle(9, "妇联", "涉及妇女儿童权益，男方情绪激动")
        .arrive(26, "妇联")
        .session(28, "春华调解工作室");

    // 08:45 An e-bike and a car: 交警大队 brings the accident report; settled by 10:40.
    let r = Some(c.person(PartyRole::Respondent));
    let i = c.intake(
        Channel::WalkIn,
        "交通事故",
        "电动车与小轿车在新河镇路口相撞，电动车驾驶人腿部骨折，双方对赔偿金额分歧较大。",
        r,
    );
    s.case(m(hm(8, 45)), W2, i)
        .triage(
            6,
            Mediation,
            Joint,
            County,
            "交通事故纠纷人民调解委员会",
            &["交警大队"],
        )
        .whistle(8, "交警大队", "需调取事故认定书")
        .session(25, "第四调解室")
        .arrive(30, "交警大队")
        .resolve(
            115,
            "调解成功：保险公司及肇事方一次性赔偿医疗费、误工费、护理费等共计8.6万元",
        )
        .release(116, "第四调解室")
        .close(120);

    // 08:47 Scenario 1: twelve workers, ticket A007.
    let mut zhang = c.aged(PartyRole::Applicant, true, 48, today);
    zhang.name = "张建国".into();
    let mut i = Intake::new(
        centre,
        Channel::WalkIn,
        "劳动争议/欠薪",
        &format!(
            "张建国等十二名建筑工人在城关镇某安置房项目务工，被拖欠{}年下半年工资共计三十余万元，多次讨要未果。",
            year - 1
        ),
    )
    .with_party(zhang)
    .with_party(people::organisation(PartyRole::Respondent, "某建筑劳务有限公司".into()));
    i.group_persons = 12;
    s.case(m(hm(8, 47)), W1, i)
        .triage(5, Mediation, Joint, County, "人社局", &["住建局", "总工会"])
        .whistle(6, "人社局", "十二名工人欠薪，群体性劳动争议")
        .whistle(6, "住建局", "欠薪涉及在建安置房项目")
        .arrive(31, "人社局")
        .escalate(52, "住建局", 1)
        .arrive(54, "住建局")
        .session_with(58, "第一调解室", "赵国强")
        .mediated(
            153,
            format!("({year})示调字第118号"),
            true,
            format!(
                "调解成功：达成调解协议（({year})示调字第118号），欠薪分两期支付，11月30日前付60%，12月31日前付清；已申请司法确认"
            ),
        )
        .release(153, "第一调解室");

    // 08:55 Grid report from a village: sent back to the township to settle on the spot.
    let r = Some(c.person(PartyRole::Respondent));
    let i = c.intake(
        Channel::GridReport,
        "土地承包",
        "网格员上报：柳林乡杨家湾村两户村民因承包地边界界桩移位发生争执，险些动手。",
        r,
    );
    s.case(m(hm(8, 55)), GRID, i)
        .triage(10, Mediation, Immediate, Village, "农业农村局", &[])
        .refer(
            15,
            "转柳林乡综治中心就地调处，乡司法所、村调委会当日上门勘界",
        );

    // 09:02 Scenario 4: the court's pre-filing referral fails and goes back for priority filing.
    let court_no = format!("({year})示0101民诉前调1234号");
    let r = Some(c.company("汽车销售服务有限公司"));
    let mut i = c.intake(
        Channel::CourtReferral,
        "消费纠纷",
        "法院诉前委派：原告在被告车行购买二手车，交付后发现系事故车辆，要求退车并按价款三倍赔偿。",
        r,
    );
    i.court_case_no = Some(court_no.clone());
    s.case(m(hm(9, 2)), COURT, i)
        .triage(
            5,
            Mediation,
            Joint,
            County,
            "法院",
            &["消费纠纷人民调解委员会"],
        )
        .session(18, "诉前调解室")
        .back_to_court(
            75,
            crate::domain::case::LitigationTrack::PriorityFiling,
            format!("调解不成：被告仅同意退车、不同意三倍赔偿，退回法院优先立案（{court_no}）"),
        )
        .release(75, "诉前调解室");

    // 09:10 Years of service not counted for a pension: answered on the spot.
    let r = body("县供销合作社");
    let i = c.intake(
        Channel::WalkIn,
        "社会保障",
        "反映其父亲1990年至2002年在原县供销社工作的工龄未被认定，影响养老金计算。",
        r,
    );
    s.case(m(hm(9, 10)), W2, i)
        .triage(5, Petition, Immediate, County, "人社局", &[])
        .explain(
            30,
            "已答复：人社局依据档案当场答复，缺失年份需补充工资表等佐证材料，出具一次性告知书",
        )
        .close(35);

    // 09:15 Hotline: stalls blocking the old market street.
    let i = c.intake(
        Channel::Hotline,
        "城市管理",
        "来电反映老街菜市场周边占道经营严重，早晚高峰车辆无法通行。",
        None,
    );
    s.case(m(hm(9, 15)), HOTLINE, i)
        .triage(3, Enforcement, Immediate, County, "综合执法局", &[])
        .resolve(60, "综合执法局已派员现场整治，划定临时摊区")
        .close(62);

    // 09:18 A courier depot keeps a month's pay; the company will not come: failed.
    let r = Some(c.company("物流有限公司"));
    let i = c.intake(
        Channel::WalkIn,
        "劳动争议/欠薪",
        "在县城某快递网点做分拣员，离职后公司以未提前三十天通知为由扣发一个月工资4200元。",
        r,
    );
    s.case(m(hm(9, 18)), W1, i)
        .triage(
            4,
            Mediation,
            Immediate,
            County,
            "劳动争议人民调解委员会",
            &[],
        )
        .session(10, "第六调解室")
        .fail(
            60,
            "调解不成：公司负责人拒绝到场，告知申请劳动人事争议仲裁，法律援助室提供援助",
        )
        .release(60, "第六调解室");

    // 09:25 Withdrawn: the village committee will try first.
    let r = Some(c.person(PartyRole::Respondent));
    let i = c.intake(
        Channel::WalkIn,
        "邻里纠纷",
        "反映邻居新建房屋滴水檐伸入其宅基地，雨天积水流入院内。",
        r,
    );
    s.case(m(hm(9, 25)), W2, i)
        .withdraw(25, "撤回：当事人表示先请村调委会协调，主动撤回");

    // 09:30 Leader's reception day: villagers against a gravel yard's lorries.
    let r = Some(c.company("建材有限公司"));
    let mut i = c.intake(
        Channel::LeaderReception,
        "环境污染",
        "县领导接访日：新河镇枫树村部分村民反映砂石场运输车辆扬尘严重、压坏村道，要求整治并修复道路。",
        r,
    );
    i.group_batches = 2;
    i.group_persons = 9;
    s.case(m(hm(9, 30)), LEADER, i)
        .triage(
            5,
            Enforcement,
            Joint,
            County,
            "生态环境局",
            &["交通运输局", "综合执法局"],
        )
        .whistle(8, "生态环境局", "砂石场扬尘污染")
        .whistle(8, "交通运输局", "超载车辆压坏村道")
        .book(10, "领导接访室")
        .arrive(38, "生态环境局")
        .arrive(44, "交通运输局")
        .event(45, CaseEvent::OpenSession, None)
        .resolve(
            100,
            "调解成功：责令砂石场安装喷淋设施、限时段运输，村道由企业出资于12月底前修复",
        )
        .release(100, "领导接访室")
        .close(102);

    // 09:40 Online: a private kindergarten closed without refunds.
    let r = Some(c.company("幼儿园"));
    let i = c.intake(
        Channel::Online,
        "教育",
        "网上反映某民办幼儿园突然停办，已缴纳的保教费和伙食费未退还，涉及三十余名幼儿家庭。",
        r,
    );
    s.case(m(hm(9, 40)), ONLINE, i)
        .triage(15, Petition, Joint, County, "教育局", &["市场监管局"]);

    // 09:45 Three siblings and their parents' old house.
    let r = Some(c.person(PartyRole::Respondent));
    let i = c.intake(
        Channel::WalkIn,
        "婚姻家庭/继承",
        "兄妹三人因父母遗留的一套老房子继承份额发生争执，母亲生前口头遗嘱效力存疑。",
        r,
    );
    s.case(m(hm(9, 45)), W1, i)
        .triage(
            5,
            Mediation,
            Immediate,
            County,
            "婚姻家庭纠纷人民调解委员会",
            &[],
        )
        .session(12, "第三调解室")
        .resolve(
            60,
            "调解成功：兄妹三人签订分家析产协议，老房由长子居住，按评估价补偿另二人",
        )
        .release(60, "第三调解室")
        .close(62);

    // 09:50 A veteran's placement.
    let i = c.intake(
        Channel::WalkIn,
        "退役军人权益",
        "退役军人反映安置待遇未落实，要求协调就业岗位。",
        None,
    );
    s.case(m(hm(9, 50)), W2, i)
        .triage(5, Petition, Immediate, County, "退役军人事务局", &[])
        .whistle(6, "退役军人事务局", "退役军人安置政策答复")
        .arrive(30, "退役军人事务局")
        .explain(
            55,
            "已答复：退役军人事务局现场解读安置政策，登记就业意向，推荐县城公益性岗位",
        )
        .close(58);

    // 10:05 Scenario 2: the 71-year-old woman and the leaking flat above, solved on the spot.
    let mut liu = c.aged(PartyRole::Applicant, false, 71, today);
    liu.name = "刘桂英".into();
    liu.address = "城关镇滨河路36号2单元301".into();
    let mut above = c.aged(PartyRole::Respondent, true, 34, today);
    above.address = "城关镇滨河路36号2单元401".into();
    let mut i = Intake::new(
        centre,
        Channel::WalkIn,
        "物业纠纷",
        "楼上住户装修后卫生间防水层破损，导致其家中天花板渗水、墙皮脱落，多次上门沟通无果。",
    )
    .with_party(liu)
    .with_party(above);
    i.lanes.elderly_disabled = true;
    s.case(m(hm(10, 5)), W1, i)
        .triage(3, Mediation, Immediate, Township, "物业纠纷人民调解委员会", &[])
        .resolve(25, "现场化解：物业调委会值班调解员孙丽电话联系双方当场达成协议，楼上住户三日内重做防水并赔偿维修费2000元")
        .close(27);

    // 10:10 Shanty-town redevelopment: four representatives, in session since 10:48.
    let r = body("县住房和城乡建设局");
    let mut i = c.intake(
        Channel::WalkIn,
        "征地补偿",
        "城关镇东关村十余户村民推选代表反映棚户区改造中房屋评估价格偏低，要求重新评估。",
        r,
    );
    i.group_persons = 4;
    s.case(m(hm(10, 10)), W2, i)
        .triage(5, Petition, Joint, County, "住建局", &["自然资源局"])
        .whistle(7, "自然资源局", "棚改评估涉及土地性质认定")
        .whistle(7, "住建局", "棚户区改造评估价格")
        .book(15, "第六调解室")
        .arrive(33, "自然资源局")
        .arrive(38, "住建局")
        .event(38, CaseEvent::OpenSession, None);

    // 10:20 Online: a fake customer-service call; to the police.
    let i = c.intake(
        Channel::Online,
        "电信诈骗",
        "网上反映接到冒充电商客服电话，被诱导转账1.8万元。",
        None,
    );
    s.case(m(hm(10, 20)), ONLINE, i)
        .triage(3, Enforcement, Immediate, County, "公安局", &[])
        .refer(10, "移交县公安局反诈中心立案侦查")
        .close(12);

    // 10:25 Grid report: a pig farm's slurry in the stream.
    let r = Some(c.company("养殖有限公司"));
    let i = c.intake(
        Channel::GridReport,
        "环境污染",
        "网格员上报：双河镇某养殖场粪污直排河沟，下游村民意见很大。",
        r,
    );
    s.case(m(hm(10, 25)), GRID, i).triage(
        10,
        Enforcement,
        Joint,
        County,
        "生态环境局",
        &["农业农村局"],
    );

    // 10:30 Medical insurance from another province: fixed at the window.
    let i = c.intake(
        Channel::WalkIn,
        "社会保障",
        "反映在外省住院的医疗费用回县报销时被告知未办理异地就医备案，报销比例降低。",
        None,
    );
    s.case(m(hm(10, 30)), W1, i)
        .triage(4, Petition, Immediate, County, "医保局", &[])
        .resolve(30, "医保局现场补办异地就医备案，按规定比例重新结算")
        .close(31);

    // 10:40 Hotline: twenty workers on a solar project unpaid.
    let r = Some(c.company("新能源工程有限公司"));
    let i = c.intake(
        Channel::Hotline,
        "劳动争议/欠薪",
        "来电反映在新河镇某光伏项目务工的二十余名工人工资被拖欠两个月。",
        r,
    );
    s.case(m(hm(10, 40)), HOTLINE, i)
        .triage(8, Mediation, Joint, County, "人社局", &["住建局"]);

    // 10:45 A shopkeeper's fixed tax.
    let i = c.intake(
        Channel::WalkIn,
        "税务",
        "个体工商户反映定期定额核定税额过高，与实际经营不符。",
        None,
    );
    s.case(m(hm(10, 45)), W2, i)
        .triage(5, Petition, Immediate, County, "税务局", &[])
        .explain(25, "已答复：税务局说明核定依据，受理其重新核定申请")
        .close(27);
}
