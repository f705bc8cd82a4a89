//! The demo county's fixed reference data: centres, departments and committees, rooms, mediators.
//!
//! 示范县 is fictional; the names follow what the source articles describe (常驻/轮驻/随叫随驻
//! departments, professional mediation committees, legal-aid, counselling and video rooms,
//! named personal mediation studios).

use crate::domain::department::{DepartmentKind, Presence};
use crate::domain::room::RoomKind;

/// Codes and names of the three demo centres.
pub const COUNTY_CODE: &str = "county";
pub const COUNTY_NAME: &str = "示范县社会治理综合服务中心";

/// A department or mediation committee as seeded.
pub struct DeptSpec {
    pub name: &'static str,
    pub kind: DepartmentKind,
    pub presence: Presence,
    /// Minutes to arrive when whistled (20 nearby … 40 far).
    pub window: i32,
    /// Office landline as printed on the duty list.
    pub phone: &'static str,
}

const fn dept(
    name: &'static str,
    presence: Presence,
    window: i32,
    phone: &'static str,
) -> DeptSpec {
    DeptSpec {
        name,
        kind: DepartmentKind::Department,
        presence,
        window,
        phone,
    }
}

const fn committee(
    name: &'static str,
    presence: Presence,
    window: i32,
    phone: &'static str,
) -> DeptSpec {
    DeptSpec {
        name,
        kind: DepartmentKind::Committee,
        presence,
        window,
        phone,
    }
}

use Presence::{OnCall, Resident, Rotating};

/// The county's departments (常驻 in the building, 轮驻 on a rota, 随叫随驻 on call).
pub const COUNTY_DEPARTMENTS: &[DeptSpec] = &[
    dept("信访局", Resident, 20, "0739-6821001"),
    dept("人社局", Resident, 30, "0739-6821102"),
    dept("司法局", Resident, 20, "0739-6821203"),
    dept("法院", Resident, 20, "0739-6822348"),
    dept("住建局", Rotating, 40, "0739-6823310"),
    dept("自然资源局", Rotating, 35, "0739-6823526"),
    dept("民政局", Rotating, 25, "0739-6821637"),
    dept("卫生健康局", Rotating, 30, "0739-6824155"),
    dept("市场监管局", Rotating, 30, "0739-6825012"),
    dept("综合执法局", Rotating, 35, "0739-6826120"),
    dept("农业农村局", Rotating, 40, "0739-6827233"),
    dept("公安局", OnCall, 20, "0739-6820110"),
    dept("检察院", OnCall, 25, "0739-6822601"),
    dept("交警大队", OnCall, 25, "0739-6820122"),
    dept("教育局", OnCall, 30, "0739-6828016"),
    dept("总工会", OnCall, 25, "0739-6821756"),
    dept("妇联", OnCall, 20, "0739-6821809"),
    dept("退役军人事务局", OnCall, 30, "0739-6829031"),
    dept("医保局", OnCall, 30, "0739-6824460"),
    dept("生态环境局", OnCall, 40, "0739-6826683"),
    dept("税务局", OnCall, 35, "0739-6825366"),
    dept("交通运输局", OnCall, 40, "0739-6827718"),
    dept("残联", OnCall, 25, "0739-6821935"),
];

/// The county's professional mediation committees (行业性专业性人民调解委员会), seated in the centre.
pub const COUNTY_COMMITTEES: &[DeptSpec] = &[
    committee("物业纠纷人民调解委员会", Resident, 20, "0739-6830101"),
    committee("劳动争议人民调解委员会", Resident, 20, "0739-6830102"),
    committee("医疗纠纷人民调解委员会", Resident, 20, "0739-6830103"),
    committee("交通事故纠纷人民调解委员会", Resident, 20, "0739-6830104"),
    committee("婚姻家庭纠纷人民调解委员会", Resident, 20, "0739-6830105"),
    committee("消费纠纷人民调解委员会", Rotating, 25, "0739-6830106"),
    committee("商事纠纷人民调解委员会", Rotating, 25, "0739-6830107"),
    committee("征地拆迁纠纷人民调解委员会", Rotating, 30, "0739-6830108"),
    committee("旅游纠纷人民调解委员会", OnCall, 30, "0739-6830109"),
    committee("知识产权纠纷人民调解委员会", OnCall, 35, "0739-6830110"),
    committee("建设工程纠纷人民调解委员会", OnCall, 30, "0739-6830111"),
];

pub struct RoomSpec {
    pub name: &'static str,
    pub kind: RoomKind,
    pub capacity: i32,
}

const fn room(name: &'static str, kind: RoomKind, capacity: i32) -> RoomSpec {
    RoomSpec {
        name,
        kind,
        capacity,
    }
}

/// The county centre's rooms; 第一调解室 seats scenario 1's twelve workers and the rest.
pub const COUNTY_ROOMS: &[RoomSpec] = &[
    room("第一调解室", RoomKind::Mediation, 24),
    room("第二调解室", RoomKind::Mediation, 16),
    room("第三调解室", RoomKind::Mediation, 10),
    room("第四调解室", RoomKind::Mediation, 8),
    room("第五调解室", RoomKind::Mediation, 8),
    room("第六调解室", RoomKind::Mediation, 6),
    room("诉前调解室", RoomKind::Mediation, 8),
    room("领导接访室", RoomKind::Mediation, 12),
    room("法律援助室", RoomKind::LegalAid, 6),
    room("公共法律服务室", RoomKind::LegalAid, 4),
    room("心理咨询室", RoomKind::Counselling, 4),
    room("情绪疏导室", RoomKind::Counselling, 3),
    room("视频接访室", RoomKind::Video, 6),
    room("老娘舅调解工作室", RoomKind::Studio, 8),
    room("春华调解工作室", RoomKind::Studio, 6),
    room("老兵调解工作室", RoomKind::Studio, 6),
];

pub struct MediatorSpec {
    pub name: &'static str,
    pub specialties: &'static [&'static str],
    /// The committee or department they sit for.
    pub dept: Option<&'static str>,
    /// Their named studio (one of the rooms of kind studio).
    pub studio: Option<&'static str>,
}

const fn mediator(
    name: &'static str,
    specialties: &'static [&'static str],
    dept: Option<&'static str>,
    studio: Option<&'static str>,
) -> MediatorSpec {
    MediatorSpec {
        name,
        specialties,
        dept,
        studio,
    }
}

pub const COUNTY_MEDIATORS: &[MediatorSpec] = &[
    mediator(
        "周德明",
        &["邻里纠纷", "婚姻家庭", "赡养"],
        Some("婚姻家庭纠纷人民调解委员会"),
        Some("老娘舅调解工作室"),
    ),
    mediator(
        "李春华",
        &["婚姻家庭", "妇女儿童权益"],
        Some("妇联"),
        Some("春华调解工作室"),
    ),
    mediator(
        "卫志刚",
        &["退役军人", "邻里纠纷", "信访"],
        Some("退役军人事务局"),
        Some("老兵调解工作室"),
    ),
    mediator(
        "赵国强",
        &["劳动争议", "欠薪", "工伤"],
        Some("劳动争议人民调解委员会"),
        None,
    ),
    mediator(
        "孙丽",
        &["物业", "邻里纠纷", "相邻关系"],
        Some("物业纠纷人民调解委员会"),
        None,
    ),
    mediator(
        "钱振华",
        &["医疗", "医患沟通"],
        Some("医疗纠纷人民调解委员会"),
        None,
    ),
    mediator(
        "吴海涛",
        &["交通事故", "保险理赔"],
        Some("交通事故纠纷人民调解委员会"),
        None,
    ),
    mediator(
        "郑红梅",
        &["消费", "合同"],
        Some("消费纠纷人民调解委员会"),
        None,
    ),
    mediator(
        "冯建军",
        &["征地补偿", "土地承包", "房屋拆迁"],
        Some("征地拆迁纠纷人民调解委员会"),
        None,
    ),
    mediator(
        "陈卫东",
        &["商事", "合同", "民间借贷"],
        Some("商事纠纷人民调解委员会"),
        None,
    ),
    mediator(
        "蒋文",
        &["诉前调解", "合同", "消费", "民间借贷"],
        Some("法院"),
        None,
    ),
    mediator("褚秀英", &["婚姻家庭", "继承", "赡养"], None, None),
    mediator(
        "沈静",
        &["法律援助", "劳动争议", "工伤"],
        Some("司法局"),
        None,
    ),
    mediator("韩雪", &["心理疏导"], Some("司法局"), None),
];

/// A township centre under the county, with what it holds.
pub struct TownshipSpec {
    pub code: &'static str,
    pub name: &'static str,
    pub departments: &'static [DeptSpec],
    pub rooms: &'static [RoomSpec],
    pub mediators: &'static [MediatorSpec],
}

pub const TOWNSHIPS: &[TownshipSpec] = &[
    TownshipSpec {
        code: "chengguan",
        name: "城关镇综治中心",
        departments: &[
            dept("城关派出所", Resident, 20, "0739-6840110"),
            dept("城关司法所", Resident, 20, "0739-6840148"),
            dept("城关镇综治办", Resident, 20, "0739-6840001"),
            dept("城关镇社保所", OnCall, 25, "0739-6840236"),
            committee("城关镇人民调解委员会", Resident, 20, "0739-6840158"),
        ],
        rooms: &[
            room("城关调解室", RoomKind::Mediation, 10),
            room("城关视频接访室", RoomKind::Video, 4),
            room("城关法律服务室", RoomKind::LegalAid, 4),
        ],
        mediators: &[
            mediator(
                "罗永福",
                &["邻里纠纷", "相邻关系", "物业"],
                Some("城关镇人民调解委员会"),
                None,
            ),
            mediator(
                "谢桂兰",
                &["婚姻家庭", "赡养"],
                Some("城关镇人民调解委员会"),
                None,
            ),
        ],
    },
    TownshipSpec {
        code: "xinhe",
        name: "新河镇综治中心",
        departments: &[
            dept("新河派出所", Resident, 20, "0739-6850110"),
            dept("新河司法所", Resident, 20, "0739-6850148"),
            dept("新河镇国土所", Rotating, 30, "0739-6850312"),
            dept("新河镇农业服务中心", OnCall, 30, "0739-6850220"),
            committee("新河镇人民调解委员会", Resident, 20, "0739-6850158"),
        ],
        rooms: &[
            room("新河调解室", RoomKind::Mediation, 10),
            room("新河法律服务室", RoomKind::LegalAid, 4),
        ],
        mediators: &[mediator(
            "唐长林",
            &["土地承包", "征地补偿", "邻里纠纷"],
            Some("新河镇人民调解委员会"),
            None,
        )],
    },
];

/// Residents of each township (made up), loaded as `yidi population set` would.
pub const TOWN_POPULATION: &[(&str, i64)] = &[
    ("城关镇", 126_400),
    ("新河镇", 48_900),
    ("石桥镇", 37_200),
    ("柳林乡", 23_500),
    ("双河镇", 41_800),
    ("白鹤镇", 29_600),
    ("清水乡", 18_700),
    ("龙泉镇", 33_100),
];

/// Townships and villages of the county, for parties' addresses.
pub const TOWNS: &[&str] = &[
    "城关镇",
    "新河镇",
    "石桥镇",
    "柳林乡",
    "双河镇",
    "白鹤镇",
    "清水乡",
    "龙泉镇",
];
pub const VILLAGES: &[&str] = &[
    "东关村",
    "河坝村",
    "杨家湾村",
    "李家沟村",
    "石板村",
    "桃园村",
    "大塘村",
    "马鞍村",
    "白果村",
    "长岭村",
    "枫树村",
    "黄泥村",
];
pub const STREETS: &[&str] = &[
    "人民路",
    "解放路",
    "滨河路",
    "新华街",
    "建设路",
    "文化路",
    "和平街",
    "迎宾大道",
];
pub const COMMUNITIES: &[&str] = &["西街社区", "新华社区", "滨河社区", "东门社区", "南苑社区"];

/// Staff who register and own cases (首办责任人).
pub const STAFF: &[&str] = &["王敏", "刘洋", "陈静", "周婷", "黄志勇", "杨帆"];

/// Today's duty roster at the county centre.
pub const DUTY_LEADER: &str = "周卫东";
pub const DUTY_LAWYER: &str = "赵明律师";
pub const DUTY_COUNSELLOR: &str = "刘心怡";
/// Who each rotating department sent today: department, person, phone.
pub const ROTATIONS: &[(&str, &str, &str)] = &[
    ("住建局", "孙立群", "13907392101"),
    ("自然资源局", "钱江", "13907392102"),
    ("民政局", "吴芳", "13907392103"),
    ("卫生健康局", "郑海", "13907392104"),
    ("市场监管局", "冯涛", "13907392105"),
];

/// The demo centre's operators, one for each role at the front desk: login, name, roles.
/// Their passwords are made at random when the demo is first opened.
pub const OPERATORS: &[(&str, &str, &str)] = &[
    ("wangmin", "王敏", "reception"),
    ("zhouweidong", "周卫东", "duty_leader,reception"),
    ("liaison", "人社局联络员", "department_liaison"),
    ("zhaoli", "赵丽", "mediator"),
    ("audit", "督查室", "supervisor"),
    ("admin", "系统管理员", "admin"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::department::check_arrival_window;
    use crate::domain::phone::{Phone, PhoneKind};
    use std::collections::HashSet;

    #[test]
    fn departments_have_valid_windows_and_landlines_and_unique_names() {
        let townships = TOWNSHIPS.iter().flat_map(|t| t.departments);
        let mut names = HashSet::new();
        for d in COUNTY_DEPARTMENTS
            .iter()
            .chain(COUNTY_COMMITTEES)
            .chain(townships)
        {
            assert!(check_arrival_window(d.window).is_ok(), "{}", d.name);
            let phone = Phone::parse(d.phone).unwrap_or_else(|e| panic!("{}: {e}", d.name));
            assert_eq!(
                (phone.kind(), phone.area_code()),
                (PhoneKind::Landline, Some("0739")),
                "{}",
                d.name
            );
            assert!(names.insert(d.name), "{} twice", d.name);
        }
    }

    #[test]
    fn mediators_sit_for_known_units_and_own_studio_rooms() {
        let studios: HashSet<&str> = COUNTY_ROOMS
            .iter()
            .filter(|r| r.kind == RoomKind::Studio)
            .map(|r| r.name)
            .collect();
        let units: HashSet<&str> = COUNTY_DEPARTMENTS
            .iter()
            .chain(COUNTY_COMMITTEES)
            .map(|d| d.name)
            .collect();
        for m in COUNTY_MEDIATORS {
            assert!(m.dept.is_none_or(|d| units.contains(d)), "{}", m.name);
            assert!(m.studio.is_none_or(|s| studios.contains(s)), "{}", m.name);
        }
        let owned: HashSet<&str> = COUNTY_MEDIATORS.iter().filter_map(|m| m.studio).collect();
        assert_eq!(owned, studios, "every studio has its mediator");
        for t in TOWNSHIPS {
            let units: HashSet<&str> = t.departments.iter().map(|d| d.name).collect();
            assert!(
                t.mediators
                    .iter()
                    .all(|m| m.dept.is_none_or(|d| units.contains(d))),
                "{}",
                t.name
            );
        }
    }
}
