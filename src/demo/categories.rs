//! Kinds of dispute for the demo history: how often each comes, which stream and department
//! take it, and what residents say and what came of it (each text paired with its outcome).

use crate::domain::case::Stream;

/// Who the respondent of a category usually is.
#[derive(Clone, Copy)]
pub enum Respondent {
    Person,
    /// A company in this line of business.
    Company(&'static str),
    /// A named public body.
    Body(&'static str),
    None,
}

pub struct Category {
    pub name: &'static str,
    /// Relative frequency.
    pub weight: u32,
    pub stream: Stream,
    /// The lead department's or committee's name.
    pub lead: &'static str,
    /// Share of cases solved on the spot (即办件), in percent.
    pub immediate: u32,
    /// Share of group visits, in percent.
    pub group: u32,
    /// The court refers this kind before filing (诉前调解).
    pub court: bool,
    pub respondent: Respondent,
    /// What the resident said, and how it was settled when it was.
    pub cases: &'static [(&'static str, &'static str)],
    /// Where the case went when it could not be settled here.
    pub referral: &'static str,
}

const TO_COURT: &str = "调解不成：引导当事人向法院提起诉讼";

pub const CATEGORIES: &[Category] = &[
    Category {
        name: "邻里纠纷",
        weight: 14,
        stream: Stream::Mediation,
        lead: "司法局",
        immediate: 70,
        group: 1,
        court: false,
        respondent: Respondent::Person,
        cases: &[
            (
                "邻居在公共楼道堆放杂物，多次协商无果，双方发生口角。",
                "调解成功：双方达成口头协议，三日内清理杂物",
            ),
            (
                "邻居新建房屋滴水檐伸入其宅基地，雨天积水流入院内。",
                "调解成功：邻居加装接水槽，双方签订调解协议",
            ),
            (
                "相邻两户因排水沟堵塞、污水外溢互相指责，矛盾激化。",
                "调解成功：约定共同出资疏通排水沟",
            ),
            (
                "邻居饲养犬只夜间吠叫、随地便溺，影响老人休息。",
                "调解成功：犬主承诺拴养并及时清理",
            ),
        ],
        referral: TO_COURT,
    },
    Category {
        name: "婚姻家庭",
        weight: 12,
        stream: Stream::Mediation,
        lead: "婚姻家庭纠纷人民调解委员会",
        immediate: 45,
        group: 0,
        court: true,
        respondent: Respondent::Person,
        cases: &[
            (
                "夫妻因感情不和分居，女方要求离婚并分割共同财产，双方对子女抚养权争执不下。",
                "调解成功：双方就财产分割和子女抚养达成协议，已申请司法确认",
            ),
            (
                "老人反映子女互相推诿，拒不支付赡养费。",
                "调解成功：子女签订赡养协议，每月给付生活费并轮流照料",
            ),
            (
                "兄妹因父母遗留老房子的继承份额发生争执。",
                "调解成功：签订分家析产协议，按评估价相互补偿",
            ),
            (
                "离婚后一方拒不支付子女抚养费，且阻挠另一方探望子女。",
                "调解成功：约定按月支付抚养费及探望时间，已申请司法确认",
            ),
        ],
        referral: TO_COURT,
    },
    Category {
        name: "劳动争议/欠薪",
        weight: 12,
        stream: Stream::Mediation,
        lead: "人社局",
        immediate: 35,
        group: 18,
        court: false,
        respondent: Respondent::Company("建筑劳务有限公司"),
        cases: &[
            (
                "农民工反映在建筑工地务工被拖欠工资，多次讨要未果。",
                "调解成功：总包单位先行垫付拖欠工资",
            ),
            (
                "离职后公司以未提前通知为由扣发最后一个月工资。",
                "调解成功：公司当场补发扣发工资",
            ),
            (
                "公司未依法缴纳社会保险，解除劳动合同时拒付经济补偿金。",
                "调解成功：公司分两期支付经济补偿金并补缴社保，已申请司法确认",
            ),
        ],
        referral: "调解不成：引导申请劳动人事争议仲裁",
    },
    Category {
        name: "劳动争议/工伤",
        weight: 3,
        stream: Stream::Mediation,
        lead: "劳动争议人民调解委员会",
        immediate: 15,
        group: 0,
        court: false,
        respondent: Respondent::Company("机械加工厂"),
        cases: &[(
            "务工期间受伤，厂方不认可工伤，拒绝支付医疗费及停工期间工资。",
            "调解成功：厂方一次性支付医疗费、停工留薪期工资及伤残补助",
        )],
        referral: "调解不成：引导申请工伤认定及劳动人事争议仲裁",
    },
    Category {
        name: "物业纠纷",
        weight: 8,
        stream: Stream::Mediation,
        lead: "物业纠纷人民调解委员会",
        immediate: 50,
        group: 12,
        court: true,
        respondent: Respondent::Company("物业服务有限公司"),
        cases: &[
            (
                "小区电梯频繁故障，物业维修不及时，业主要求公开维修基金使用情况。",
                "调解成功：物业公司限期维修并公示维修基金使用明细",
            ),
            (
                "楼上住户装修后卫生间渗水，导致楼下天花板霉变、墙皮脱落。",
                "现场化解：楼上住户重做防水并赔偿维修费用",
            ),
            (
                "物业公司以欠缴物业费为由停水停电。",
                "调解成功：物业公司恢复供水供电，业主分期补缴物业费",
            ),
        ],
        referral: TO_COURT,
    },
    Category {
        name: "征地补偿",
        weight: 5,
        stream: Stream::Petition,
        lead: "自然资源局",
        immediate: 10,
        group: 20,
        court: false,
        respondent: Respondent::Body("县自然资源局"),
        cases: &[
            (
                "认为公路建设征收承包地的青苗及地上附着物补偿标准偏低，要求补足差额。",
                "已解决：重新核定地上附着物补偿，补发差额",
            ),
            (
                "棚户区改造中房屋评估价格偏低，要求重新评估。",
                "已解决：委托第三方机构重新评估，按评估结果补偿",
            ),
        ],
        referral: "转有权处理机关：告知可申请行政复议或提起行政诉讼",
    },
    Category {
        name: "土地承包",
        weight: 5,
        stream: Stream::Mediation,
        lead: "农业农村局",
        immediate: 40,
        group: 5,
        court: false,
        respondent: Respondent::Person,
        cases: &[
            (
                "两户村民因承包地边界界桩移位发生争执。",
                "调解成功：现场重新勘界埋桩，双方签字确认",
            ),
            (
                "外出务工返乡后发现承包地被他人占用耕种。",
                "调解成功：占用方退还承包地并补偿当季收益",
            ),
        ],
        referral: "调解不成：引导申请农村土地承包经营纠纷仲裁",
    },
    Category {
        name: "交通事故",
        weight: 8,
        stream: Stream::Mediation,
        lead: "交通事故纠纷人民调解委员会",
        immediate: 30,
        group: 0,
        court: true,
        respondent: Respondent::Person,
        cases: &[
            (
                "电动车与小轿车相撞，电动车驾驶人受伤，双方对赔偿金额分歧较大。",
                "调解成功：保险公司及肇事方一次性赔偿医疗费、误工费等",
            ),
            (
                "货车倒车时撞坏路边商铺门面，双方对损失认定不一致。",
                "调解成功：肇事方当场赔偿门面修复费用",
            ),
        ],
        referral: TO_COURT,
    },
    Category {
        name: "医疗纠纷",
        weight: 3,
        stream: Stream::Mediation,
        lead: "医疗纠纷人民调解委员会",
        immediate: 5,
        group: 10,
        court: true,
        respondent: Respondent::Body("县人民医院"),
        cases: &[
            (
                "患者术后出现并发症，家属质疑诊疗过程存在过错，要求赔偿。",
                "调解成功：经医疗损害鉴定，医院承担次要责任并一次性赔偿",
            ),
            (
                "在乡镇卫生院输液后出现过敏反应，要求赔偿。",
                "调解成功：卫生院减免医疗费用并致歉",
            ),
        ],
        referral: "调解不成：引导申请医疗损害鉴定后依法诉讼",
    },
    Category {
        name: "消费纠纷",
        weight: 7,
        stream: Stream::Mediation,
        lead: "市场监管局",
        immediate: 65,
        group: 2,
        court: true,
        respondent: Respondent::Company("家电城"),
        cases: &[
            (
                "购买的空调安装后不制冷，商家以超过七天为由拒绝退换。",
                "调解成功：商家同意更换新机",
            ),
            (
                "在培训机构预交的课时费，机构停业后拒不退还。",
                "调解成功：机构分期退还剩余课时费",
            ),
            (
                "购买的二手车交付后发现系事故车辆，要求退车赔偿。",
                "调解成功：商家退车并赔偿损失",
            ),
        ],
        referral: TO_COURT,
    },
    Category {
        name: "合同纠纷",
        weight: 6,
        stream: Stream::Mediation,
        lead: "商事纠纷人民调解委员会",
        immediate: 25,
        group: 0,
        court: true,
        respondent: Respondent::Company("商贸有限公司"),
        cases: &[
            (
                "两家个体商户因货款结算发生纠纷，对方拖欠货款。",
                "调解成功：双方对账确认欠款金额，约定分期付清",
            ),
            (
                "装修工程完工后业主以质量问题为由拒付尾款。",
                "调解成功：施工方返工整改后业主支付尾款",
            ),
        ],
        referral: TO_COURT,
    },
    Category {
        name: "民间借贷",
        weight: 6,
        stream: Stream::Litigation,
        lead: "法院",
        immediate: 40,
        group: 0,
        court: true,
        respondent: Respondent::Person,
        cases: &[
            (
                "借给同村村民五万元，约定一年归还，至今分文未还。",
                "调解成功：双方确认借款本息，约定半年内分三期还清，已申请司法确认",
            ),
            (
                "亲戚借款做生意亏损后拒不还款。",
                "调解成功：借款人以车辆折抵部分欠款，余款年底前还清",
            ),
        ],
        referral: "调解不成：引导至法院立案，适用小额诉讼程序",
    },
    Category {
        name: "房屋买卖",
        weight: 3,
        stream: Stream::Mediation,
        lead: "住建局",
        immediate: 20,
        group: 8,
        court: true,
        respondent: Respondent::Company("房地产开发有限公司"),
        cases: &[
            (
                "开发商逾期交房超过半年，购房户要求支付违约金。",
                "调解成功：开发商按合同支付逾期交房违约金",
            ),
            (
                "交房后地下车库渗水、外墙脱落，开发商拒不维修。",
                "调解成功：开发商限期维修并延长保修期",
            ),
        ],
        referral: TO_COURT,
    },
    Category {
        name: "城市管理",
        weight: 3,
        stream: Stream::Enforcement,
        lead: "综合执法局",
        immediate: 60,
        group: 2,
        court: false,
        respondent: Respondent::None,
        cases: &[
            (
                "菜市场周边占道经营严重，早晚高峰车辆无法通行。",
                "已处理：综合执法局现场整治，划定临时摊区",
            ),
            (
                "烧烤店油烟噪音扰民，夜间经营至凌晨。",
                "已处理：责令加装油烟净化设施，规范经营时段",
            ),
        ],
        referral: "移交综合执法局立案查处",
    },
    Category {
        name: "社会保障",
        weight: 4,
        stream: Stream::Petition,
        lead: "人社局",
        immediate: 70,
        group: 3,
        court: false,
        respondent: Respondent::None,
        cases: &[
            (
                "原国企职工工龄认定有争议，影响养老金计算。",
                "已解决：补充档案材料后重新核定视同缴费年限",
            ),
            (
                "残疾人反映未被纳入低保，多次询问未果。",
                "已解决：民政局入户核查后纳入低保",
            ),
            (
                "异地就医未备案，报销比例降低。",
                "已解决：补办异地就医备案，按规定比例重新结算",
            ),
        ],
        referral: "转有权处理机关依程序办理",
    },
    Category {
        name: "环境污染",
        weight: 2,
        stream: Stream::Enforcement,
        lead: "生态环境局",
        immediate: 20,
        group: 25,
        court: false,
        respondent: Respondent::Company("养殖有限公司"),
        cases: &[
            (
                "养殖场粪污直排河沟，下游村民意见很大。",
                "已处理：责令限期建设粪污处理设施，依法处罚",
            ),
            (
                "砂石场运输扬尘严重、压坏村道。",
                "已处理：责令安装喷淋设施，企业出资修复村道",
            ),
        ],
        referral: "移交生态环境局立案查处",
    },
    Category {
        name: "教育",
        weight: 1,
        stream: Stream::Petition,
        lead: "教育局",
        immediate: 50,
        group: 10,
        court: false,
        respondent: Respondent::Company("幼儿园"),
        cases: &[(
            "民办幼儿园突然停办，已缴纳的保教费未退还。",
            "已解决：教育局督促举办者全额退还费用",
        )],
        referral: "转教育局依法处理",
    },
];

/// A court referral that could not be settled goes back for priority filing.
pub const BACK_TO_COURT: &str = "调解不成：退回法院优先立案";
pub const EXPLAINED: &[&str] = &[
    "已答复：依据政策当场答复并出具告知书",
    "已答复：诉求缺乏政策依据，做好解释说明",
];
pub const FAILED: &[&str] = &[
    "未能化解：双方分歧较大，告知其他救济途径",
    "未能化解：被申请人拒绝到场",
];
pub const WITHDRAWN: &[&str] = &["撤回：双方自行和解", "撤回：当事人主动撤回申请"];
