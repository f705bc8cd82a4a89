//! Made-up people: names from surname and given-name tables, resident IDs with a correct
//! check character, mobiles, addresses and company names. Nothing here is a real person.

use super::data::{COMMUNITIES, STREETS, TOWNS, VILLAGES};
use crate::domain::party::{Party, PartyRole};
use chrono::{Datelike, NaiveDate};
use rand::Rng;

/// The county-level region code every demo resident ID starts with. It is a real code
/// (an ID must carry one to be valid); the county's name, 示范县, is made up.
pub const REGION_CODE: &str = "430523";

/// Common surnames, most frequent first (the picker favours the front of the list).
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏",
    "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "段", "雷", "侯", "龙",
    "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "严", "覃", "武", "戴", "莫",
];

/// Given names by generation: those born before 1975, and later.
const MALE_OLDER: &[&str] = &[
    "建国", "建军", "国强", "志强", "志刚", "永刚", "卫东", "德明", "德福", "长林", "金贵", "世华",
    "红兵", "建华", "春生", "永福", "国华", "振华", "忠", "明", "军", "强", "勇", "平", "林", "海",
    "福生", "树林", "桂生", "有才",
];
const MALE_YOUNGER: &[&str] = &[
    "伟", "磊", "杰", "涛", "斌", "超", "鹏", "浩", "宇", "俊杰", "子豪", "浩然", "家豪", "文博",
    "天宇", "宇轩", "明辉", "志鹏", "晓东", "海涛", "俊", "凯", "帅", "鑫", "博文", "一鸣", "嘉伟",
    "思远", "立新", "建波",
];
const FEMALE_OLDER: &[&str] = &[
    "秀英", "桂英", "秀兰", "玉兰", "凤英", "淑珍", "桂兰", "秀珍", "玉梅", "春花", "翠花", "巧云",
    "红梅", "丽华", "金凤", "素芬", "月娥", "秀芳", "兰英", "菊香", "英", "华", "芬", "萍", "琴",
    "霞",
];
const FEMALE_YOUNGER: &[&str] = &[
    "丽", "静", "敏", "燕", "艳", "娟", "芳", "婷", "雪", "琳", "欣怡", "梓涵", "诗涵", "雨桐",
    "晓燕", "海燕", "美玲", "慧敏", "文静", "佳怡", "思琪", "雅琴", "丹", "倩", "璐", "晶晶",
    "梦瑶", "小红",
];

/// Weights of the 17 digits for the check character (ISO 7064 MOD 11-2).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [u8; 11] = *b"10X98765432";

/// Mobile prefixes in use (all `1[3-9]x`).
const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "173", "177", "180", "181", "182", "183", "185",
    "186", "187", "188", "189", "191", "198", "199",
];

/// Company names: a trade name and a line of business.
const TRADE_NAMES: &[&str] = &[
    "宏达", "顺发", "金鼎", "恒通", "鑫源", "华兴", "瑞丰", "永盛", "天成", "嘉禾", "锦程", "万家",
    "德润", "兴旺",
];

/// The check character of a resident ID for its first 17 ASCII digits.
pub fn check_char(first17: &[u8]) -> u8 {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// A resident ID of someone from the demo county born on `birth`; the sequence's last digit
/// is odd for a man and even for a woman, as the standard says.
pub fn resident_id(rng: &mut impl Rng, birth: NaiveDate, male: bool) -> String {
    let mut id = [b'0'; 18];
    id[..6].copy_from_slice(REGION_CODE.as_bytes());
    let ymd = birth.year() as u32 * 10_000 + birth.month() * 100 + birth.day();
    write_digits(&mut id[6..14], ymd);
    let order = rng.random_range(0..100u32) * 10 + 2 * rng.random_range(0..5u32) + u32::from(male);
    write_digits(&mut id[14..17], order);
    id[17] = check_char(&id[..17]);
    // Only ASCII was written.
    String::from_utf8(id.to_vec()).unwrap_or_default()
}

fn write_digits(out: &mut [u8], mut value: u32) {
    for slot in out.iter_mut().rev() {
        *slot = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

/// An 11-digit mobile number.
pub fn mobile(rng: &mut impl Rng) -> String {
    let prefix = MOBILE_PREFIXES[rng.random_range(0..MOBILE_PREFIXES.len())];
    let mut s = String::with_capacity(11);
    s.push_str(prefix);
    let mut rest = [b'0'; 8];
    write_digits(&mut rest, rng.random_range(0..100_000_000));
    s.extend(rest.iter().map(|&b| char::from(b)));
    s
}

fn pick<'a>(rng: &mut impl Rng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

/// A full name; older people get the given names of their generation.
pub fn name(rng: &mut impl Rng, male: bool, birth_year: i32) -> String {
    // Squaring a uniform number favours the common surnames at the front.
    let r: f64 = rng.random();
    let surname = SURNAMES[((r * r) * SURNAMES.len() as f64) as usize];
    let older = birth_year < 1975;
    let given = match (male, older) {
        (true, true) => pick(rng, MALE_OLDER),
        (true, false) => pick(rng, MALE_YOUNGER),
        (false, true) => pick(rng, FEMALE_OLDER),
        (false, false) => pick(rng, FEMALE_YOUNGER),
    };
    let mut s = String::with_capacity(surname.len() + given.len());
    s.push_str(surname);
    s.push_str(given);
    s
}

/// An address in the county: a street in town or a village group elsewhere.
pub fn address(rng: &mut impl Rng) -> String {
    let town = pick(rng, TOWNS);
    if town == "城关镇" {
        if rng.random_bool(0.5) {
            format!("城关镇{}{}号", pick(rng, STREETS), rng.random_range(1..300))
        } else {
            format!(
                "城关镇{}{}栋{}单元",
                pick(rng, COMMUNITIES),
                rng.random_range(1..30),
                rng.random_range(1..5)
            )
        }
    } else {
        format!("{town}{}{}组", pick(rng, VILLAGES), rng.random_range(1..12))
    }
}

/// A birth date for someone aged between `min_age` and `max_age` in `year`.
pub fn birth_date(rng: &mut impl Rng, year: i32, min_age: i32, max_age: i32) -> NaiveDate {
    let y = year - rng.random_range(min_age..=max_age);
    let ordinal = rng.random_range(1..=365);
    NaiveDate::from_yo_opt(y, ordinal)
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(y, 6, 15).unwrap_or_default())
}

/// A made-up person from the county with ID, mobile and address, born `birth`.
pub fn person_born(rng: &mut impl Rng, role: PartyRole, male: bool, birth: NaiveDate) -> Party {
    Party {
        role,
        name: name(rng, male, birth.year()),
        is_organisation: false,
        resident_id: Some(resident_id(rng, birth, male)),
        phone: Some(mobile(rng)),
        address: address(rng),
    }
}

/// A made-up adult from the county (18 to 80 years old in `year`).
pub fn person(rng: &mut impl Rng, role: PartyRole, year: i32) -> Party {
    let male = rng.random_bool(0.55);
    let birth = birth_date(rng, year, 18, 80);
    person_born(rng, role, male, birth)
}

/// A company of the county, e.g. `示范县宏达物业服务有限公司`.
pub fn company(rng: &mut impl Rng, business: &str) -> String {
    format!("示范县{}{business}", pick(rng, TRADE_NAMES))
}

/// An organisation party.
pub fn organisation(role: PartyRole, name: String) -> Party {
    Party {
        role,
        name,
        is_organisation: true,
        resident_id: None,
        phone: None,
        address: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::phone::Phone;
    use crate::domain::resident_id::ResidentId;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn the_check_character_matches_the_standard_example() {
        // GB 11643's worked example: 11010519491231002X.
        assert_eq!(check_char(b"11010519491231002"), b'X');
    }

    #[test]
    fn every_generated_id_and_mobile_is_valid_and_carries_sex_and_birth() {
        let mut rng = StdRng::seed_from_u64(7);
        for n in 0..20_000 {
            let male = n % 2 == 0;
            let birth = birth_date(&mut rng, 2026, 1, 100);
            let id = resident_id(&mut rng, birth, male);
            // Born in 2026 at the latest: valid on the year's last day, whatever today is.
            let year_end = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
            let parsed =
                ResidentId::parse_on(&id, year_end).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(parsed.birth_date(), birth);
            assert_eq!((id.as_bytes()[16] - b'0') % 2 == 1, male, "{id}");
            let m = mobile(&mut rng);
            assert_eq!(Phone::parse(&m).map(|p| p.as_str().to_string()), Ok(m));
        }
    }

    #[test]
    fn names_are_two_to_four_characters() {
        let mut rng = StdRng::seed_from_u64(1);
        for year in [1940, 1990] {
            for male in [true, false] {
                let n = name(&mut rng, male, year);
                assert!((2..=4).contains(&n.chars().count()), "{n}");
            }
        }
    }
}
