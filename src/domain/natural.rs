//! Names in the order people count them: 第二 before 第十, room 2 before room 10. Runs of
//! ASCII digits and of Chinese numerals (一 … 九, 十, 百, 零/〇) compare as numbers.

use std::cmp::Ordering;

/// A name cut into text and numbers, to sort by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Number(u64),
    Text(char),
}

fn digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || digit(c).is_some() || matches!(c, '十' | '百')
}

/// The value of a run of Chinese numerals: 十 = 10, 十二 = 12, 二十 = 20, 一百零五 = 105.
fn chinese_value(run: &str) -> u64 {
    let (mut total, mut current) = (0u64, 0u64);
    for c in run.chars() {
        match c {
            '十' => {
                total += current.max(1) * 10;
                current = 0;
            }
            '百' => {
                total += current.max(1) * 100;
                current = 0;
            }
            c => current = current * 10 + digit(c).unwrap_or(0),
        }
    }
    total + current
}

pub fn key(name: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let chars: Vec<char> = name.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if is_numeral(chars[i]) {
            let start = i;
            while i < chars.len() && is_numeral(chars[i]) {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            let value = if run.chars().all(|c| c.is_ascii_digit()) {
                run.parse().unwrap_or(u64::MAX)
            } else {
                chinese_value(&run.replace(|c: char| c.is_ascii_digit(), ""))
            };
            parts.push(Part::Number(value));
        } else {
            parts.push(Part::Text(chars[i]));
            i += 1;
        }
    }
    parts
}

pub fn compare(a: &str, b: &str) -> Ordering {
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rooms_sort_as_counted() {
        let mut names = vec![
            "第十调解室",
            "第三调解室",
            "第一调解室",
            "第二调解室",
            "第十一调解室",
        ];
        names.sort_by(|a, b| compare(a, b));
        assert_eq!(
            names,
            [
                "第一调解室",
                "第二调解室",
                "第三调解室",
                "第十调解室",
                "第十一调解室"
            ]
        );
        let mut rooms = vec!["Room 10", "Room 2", "Room 1"];
        rooms.sort_by(|a, b| compare(a, b));
        assert_eq!(rooms, ["Room 1", "Room 2", "Room 10"]);
    }

    #[test]
    fn chinese_numerals_read_as_numbers() {
        assert_eq!(chinese_value("十"), 10);
        assert_eq!(chinese_value("十二"), 12);
        assert_eq!(chinese_value("二十"), 20);
        assert_eq!(chinese_value("一百零五"), 105);
    }
}
