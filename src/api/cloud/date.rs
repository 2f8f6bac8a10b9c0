//! `new Date(text).getTime()` as V8 (node) computes it: the ECMAScript date-time string format
//! first, then V8's legacy parser for everything else (month names, `10/30/2024`, a lone
//! number read as a month, RFC 2822's `Wed, 30 Oct 2024 04:48:18 GMT`, …).
//!
//! A date-time with no offset is local time in JavaScript; here it is read as UTC, the zone the
//! reference runs in on Segment's servers (and in the differential test, `TZ=UTC`).

/// Milliseconds since the epoch that `new Date(text).getTime()` gives, or `None` for `NaN`
/// (an invalid date, which `JSON.stringify` writes as `null`).
pub(crate) fn parse(text: &str) -> Option<i64> {
    let chars: Vec<char> = text.chars().collect();
    let mut scanner = Scanner::new(&chars);
    let mut day = Day::default();
    let mut time = Time::default();
    let mut tz = Zone::default();
    let first = es5(&mut scanner, &mut day, &mut time, &mut tz)?;
    legacy(first, &mut scanner, &mut day, &mut time, &mut tz)?;
    let (year, month, date) = day.write()?;
    let (hour, minute, second, milli) = time.write()?;
    let offset = tz.write()?;
    let days = make_day(year, month, date)?;
    let local = days * 86_400_000.0
        + f64::from(hour) * 3_600_000.0
        + f64::from(minute) * 60_000.0
        + f64::from(second) * 1000.0
        + f64::from(milli);
    let utc = local - offset.map_or(0.0, |seconds| f64::from(seconds) * 1000.0);
    // TimeClip.
    if !utc.is_finite() || utc.abs() > 8.64e15 {
        return None;
    }
    // In range and integral: every part above is an integer.
    #[allow(clippy::cast_possible_truncation)]
    Some(utc as i64)
}

const NONE: i32 = i32::MAX;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Keyword {
    Invalid,
    Month(i32),
    Zone(i32),
    TimeSeparator,
    AmPm(i32),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Token {
    /// A run of digits: its value (first 9 significant digits) and its length.
    Number(i32, usize),
    Symbol(char),
    Keyword(Keyword, usize),
    WhiteSpace,
    Unknown,
    End,
    Invalid,
}

impl Token {
    fn is_number(self) -> bool {
        matches!(self, Token::Number(..))
    }
    fn is_fixed(self, length: usize) -> bool {
        matches!(self, Token::Number(_, l) if l == length)
    }
    fn number(self) -> i32 {
        match self {
            Token::Number(n, _) => n,
            _ => 0,
        }
    }
    fn sign(self) -> Option<i32> {
        match self {
            Token::Symbol('+') => Some(1),
            Token::Symbol('-') => Some(-1),
            _ => None,
        }
    }
    fn is_z(self) -> bool {
        matches!(self, Token::Keyword(Keyword::Zone(0), 1))
    }
}

struct Scanner<'a> {
    chars: &'a [char],
    at: usize,
    next: Token,
}

/// JavaScript's white space and line terminators (`StrWhiteSpaceChar`).
fn is_space(c: char) -> bool {
    actions_runtime::js::is_js_space(c) || matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

impl<'a> Scanner<'a> {
    fn new(chars: &'a [char]) -> Self {
        let mut scanner = Scanner {
            chars,
            at: 0,
            next: Token::End,
        };
        scanner.next = scanner.scan();
        scanner
    }

    fn ch(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn scan(&mut self) -> Token {
        let Some(c) = self.ch() else {
            return Token::End;
        };
        let start = self.at;
        if c.is_ascii_digit() {
            let mut n: i32 = 0;
            let mut significant = 0;
            while self.ch() == Some('0') {
                self.at += 1;
            }
            while let Some(d) = self.ch().and_then(|c| c.to_digit(10)) {
                if significant < 9 {
                    // At most 9 digits: below i32::MAX.
                    n = n * 10 + i32::try_from(d).unwrap_or(0);
                }
                significant += 1;
                self.at += 1;
            }
            return Token::Number(n, self.at - start);
        }
        if matches!(c, ':' | '-' | '+' | '.' | ')') {
            self.at += 1;
            return Token::Symbol(c);
        }
        if c >= 'A' && !is_space(c) {
            let mut prefix = [0u32; 3];
            let mut length = 0;
            while let Some(c) = self.ch().filter(|&c| c >= 'A' && !is_space(c)) {
                if let Some(slot) = prefix.get_mut(length) {
                    *slot = u32::from(c) | 0x20;
                }
                length += 1;
                self.at += 1;
            }
            return Token::Keyword(keyword(prefix, length), length);
        }
        if is_space(c) {
            while self.ch().is_some_and(is_space) {
                self.at += 1;
            }
            return Token::WhiteSpace;
        }
        if c == '(' {
            let mut balance = 0;
            loop {
                match self.ch() {
                    Some(')') => balance -= 1,
                    Some('(') => balance += 1,
                    _ => {}
                }
                self.at += 1;
                if balance <= 0 || self.ch().is_none() {
                    break;
                }
            }
            return Token::Unknown;
        }
        self.at += 1;
        Token::Unknown
    }

    fn peek(&self) -> Token {
        self.next
    }

    fn next(&mut self) -> Token {
        let token = self.next;
        self.next = self.scan();
        token
    }

    fn skip(&mut self, symbol: char) -> bool {
        if self.next == Token::Symbol(symbol) {
            self.next();
            true
        } else {
            false
        }
    }
}

fn keyword(prefix: [u32; 3], length: usize) -> Keyword {
    const TABLE: &[(&str, Keyword)] = &[
        ("jan", Keyword::Month(1)),
        ("feb", Keyword::Month(2)),
        ("mar", Keyword::Month(3)),
        ("apr", Keyword::Month(4)),
        ("may", Keyword::Month(5)),
        ("jun", Keyword::Month(6)),
        ("jul", Keyword::Month(7)),
        ("aug", Keyword::Month(8)),
        ("sep", Keyword::Month(9)),
        ("oct", Keyword::Month(10)),
        ("nov", Keyword::Month(11)),
        ("dec", Keyword::Month(12)),
        ("am", Keyword::AmPm(0)),
        ("pm", Keyword::AmPm(12)),
        ("ut", Keyword::Zone(0)),
        ("utc", Keyword::Zone(0)),
        ("z", Keyword::Zone(0)),
        ("gmt", Keyword::Zone(0)),
        ("cdt", Keyword::Zone(-5)),
        ("cst", Keyword::Zone(-6)),
        ("edt", Keyword::Zone(-4)),
        ("est", Keyword::Zone(-5)),
        ("mdt", Keyword::Zone(-6)),
        ("mst", Keyword::Zone(-7)),
        ("pdt", Keyword::Zone(-7)),
        ("pst", Keyword::Zone(-8)),
        ("t", Keyword::TimeSeparator),
    ];
    for (word, kind) in TABLE {
        let mut entry = [0u32; 3];
        for (slot, c) in entry.iter_mut().zip(word.chars()) {
            *slot = u32::from(c);
        }
        if entry == prefix && (length <= 3 || matches!(kind, Keyword::Month(_))) {
            return *kind;
        }
    }
    Keyword::Invalid
}

#[derive(Default)]
struct Day {
    comp: Vec<i32>,
    named_month: Option<i32>,
    iso: bool,
}

impl Day {
    fn add(&mut self, n: i32) -> bool {
        if self.comp.len() < 3 {
            self.comp.push(n);
            true
        } else {
            false
        }
    }

    fn write(&self) -> Option<(i64, i32, i32)> {
        if self.comp.is_empty() {
            return None;
        }
        let mut comp = [1i32; 3];
        for (slot, n) in comp.iter_mut().zip(&self.comp) {
            *slot = *n;
        }
        let [a, b, c] = comp;
        let is_day = |x: i32| (1..=31).contains(&x);
        let (mut year, month, day) = match self.named_month {
            None if self.iso || !is_day(a) => (a, b, c),
            None => (c, a, b),
            Some(month) if !is_day(a) => (a, month, b),
            Some(month) => (b, month, a),
        };
        if !self.iso {
            if (0..=49).contains(&year) {
                year += 2000;
            } else if (50..=99).contains(&year) {
                year += 1900;
            }
        }
        if !(1..=12).contains(&month) || !is_day(day) {
            return None;
        }
        Some((i64::from(year), month - 1, day))
    }
}

#[derive(Default)]
struct Time {
    comp: Vec<i32>,
    hour_offset: Option<i32>,
}

impl Time {
    fn is_empty(&self) -> bool {
        self.comp.is_empty()
    }
    fn is_expecting(&self, n: i32) -> bool {
        match self.comp.len() {
            1 | 2 => (0..=59).contains(&n),
            3 => (0..=999).contains(&n),
            _ => false,
        }
    }
    fn add(&mut self, n: i32) -> bool {
        if self.comp.len() < 4 {
            self.comp.push(n);
            true
        } else {
            false
        }
    }
    fn add_final(&mut self, n: i32) -> bool {
        if !self.add(n) {
            return false;
        }
        self.comp.resize(4, 0);
        true
    }
    fn write(&self) -> Option<(i32, i32, i32, i32)> {
        let mut comp = [0i32; 4];
        for (slot, n) in comp.iter_mut().zip(&self.comp) {
            *slot = *n;
        }
        let [mut hour, minute, second, milli] = comp;
        if let Some(offset) = self.hour_offset {
            if !(0..=12).contains(&hour) {
                return None;
            }
            hour = hour % 12 + offset;
        }
        let valid = (0..=23).contains(&hour)
            && (0..=59).contains(&minute)
            && (0..=59).contains(&second)
            && (0..=999).contains(&milli);
        if !valid && (hour != 24 || minute != 0 || second != 0 || milli != 0) {
            return None;
        }
        Some((hour, minute, second, milli))
    }
}

struct Zone {
    sign: i32,
    hour: i32,
    minute: i32,
}

impl Default for Zone {
    fn default() -> Self {
        Zone {
            sign: NONE,
            hour: NONE,
            minute: NONE,
        }
    }
}

impl Zone {
    fn set(&mut self, hours: i32) {
        self.sign = if hours < 0 { -1 } else { 1 };
        self.hour = hours.abs();
        self.minute = 0;
    }
    fn is_expecting(&self, n: i32) -> bool {
        self.hour != NONE && self.minute == NONE && (0..=59).contains(&n)
    }
    fn is_utc(&self) -> bool {
        self.hour == 0 && self.minute == 0
    }
    fn is_empty(&self) -> bool {
        self.sign == NONE && self.hour == NONE && self.minute == NONE
    }
    /// The offset in seconds; `Some(None)` for local time.
    fn write(&self) -> Option<Option<i32>> {
        if self.sign == NONE {
            return Some(None);
        }
        let hour = if self.hour == NONE { 0 } else { self.hour };
        let minute = if self.minute == NONE { 0 } else { self.minute };
        let total = i64::from(hour) * 3600 + i64::from(minute) * 60;
        // Smi::kMaxValue on 64-bit builds (31-bit Smis with pointer compression).
        if total > i64::from(i32::MAX >> 1) {
            return None;
        }
        let total = i32::try_from(total).ok()?;
        Some(Some(if self.sign < 0 { -total } else { total }))
    }
}

/// The first three significant digits of a fraction, as V8 reads milliseconds.
fn milliseconds(token: Token) -> i32 {
    let Token::Number(mut n, length) = token else {
        return 0;
    };
    match length {
        1 => n *= 100,
        2 => n *= 10,
        3 => {}
        _ => {
            let mut length = length.min(9);
            while length > 3 {
                n /= 10;
                length -= 1;
            }
        }
    }
    n
}

/// The ECMAScript date-time string format; the first token it does not take (or `End`).
/// `None` for a string it starts to take and then finds malformed.
fn es5(s: &mut Scanner, day: &mut Day, time: &mut Time, tz: &mut Zone) -> Option<Token> {
    if let Some(sign) = s.peek().sign() {
        let sign_token = s.next();
        if !s.peek().is_fixed(6) {
            return Some(sign_token);
        }
        let year = s.next().number();
        if sign < 0 && year == 0 {
            return Some(sign_token);
        }
        day.add(sign * year);
    } else if s.peek().is_fixed(4) {
        day.add(s.next().number());
    } else {
        return Some(s.next());
    }
    if s.skip('-') {
        let month = s.peek();
        if !month.is_fixed(2) || !(1..=12).contains(&month.number()) {
            return Some(s.next());
        }
        day.add(s.next().number());
        if s.skip('-') {
            let date = s.peek();
            if !date.is_fixed(2) || !(1..=31).contains(&date.number()) {
                return Some(s.next());
            }
            day.add(s.next().number());
        }
    }
    if s.peek() != Token::Keyword(Keyword::TimeSeparator, 1) {
        if s.peek() != Token::End {
            return Some(s.next());
        }
    } else {
        s.next();
        let hour = s.peek();
        if !hour.is_fixed(2) || !(0..=24).contains(&hour.number()) {
            return None;
        }
        let is_24 = hour.number() == 24;
        time.add(s.next().number());
        if !s.skip(':') {
            return None;
        }
        let minute = s.peek();
        if !minute.is_fixed(2)
            || !(0..=59).contains(&minute.number())
            || (is_24 && minute.number() > 0)
        {
            return None;
        }
        time.add(s.next().number());
        if s.skip(':') {
            let second = s.peek();
            if !second.is_fixed(2)
                || !(0..=59).contains(&second.number())
                || (is_24 && second.number() > 0)
            {
                return None;
            }
            time.add(s.next().number());
            if s.skip('.') {
                let fraction = s.peek();
                if !fraction.is_number() || (is_24 && fraction.number() > 0) {
                    return None;
                }
                time.add(milliseconds(s.next()));
            }
        }
        if s.peek().is_z() {
            s.next();
            tz.set(0);
        } else if let Some(sign) = s.peek().sign() {
            s.next();
            tz.sign = sign;
            if s.peek().is_fixed(4) {
                let hhmm = s.next().number();
                let (hour, minute) = (hhmm / 100, hhmm % 100);
                if !(0..=23).contains(&hour) || !(0..=59).contains(&minute) {
                    return None;
                }
                tz.hour = hour;
                tz.minute = minute;
            } else {
                let hour = s.peek();
                if !hour.is_fixed(2) || !(0..=23).contains(&hour.number()) {
                    return None;
                }
                tz.hour = s.next().number();
                if !s.skip(':') {
                    return None;
                }
                let minute = s.peek();
                if !minute.is_fixed(2) || !(0..=59).contains(&minute.number()) {
                    return None;
                }
                tz.minute = s.next().number();
            }
        }
        if s.peek() != Token::End {
            return None;
        }
    }
    if tz.is_empty() && time.is_empty() {
        tz.set(0);
    }
    day.iso = true;
    Some(Token::End)
}

/// V8's legacy date parser, from `token` on; `None` for a string it refuses.
fn legacy(
    mut token: Token,
    s: &mut Scanner,
    day: &mut Day,
    time: &mut Time,
    tz: &mut Zone,
) -> Option<()> {
    if token == Token::Invalid {
        return None;
    }
    let mut has_read_number = !day.comp.is_empty();
    while token != Token::End {
        match token {
            Token::Number(n, _) => {
                has_read_number = true;
                if s.skip(':') {
                    if s.skip(':') {
                        if !time.is_empty() {
                            return None;
                        }
                        time.add(n);
                        time.add(0);
                    } else {
                        if !time.add(n) {
                            return None;
                        }
                        if s.peek() == Token::Symbol('.') {
                            s.next();
                        }
                    }
                } else if s.peek() == Token::Symbol('.') && time.is_expecting(n) {
                    s.next();
                    time.add(n);
                    if !s.peek().is_number() {
                        return None;
                    }
                    let milli = milliseconds(s.next());
                    if milli < 0 {
                        return None;
                    }
                    time.add_final(milli);
                } else if tz.is_expecting(n) {
                    tz.minute = n;
                } else if time.is_expecting(n) {
                    time.add_final(n);
                    let peek = s.peek();
                    if peek != Token::End
                        && peek != Token::WhiteSpace
                        && !peek.is_z()
                        && peek.sign().is_none()
                    {
                        return None;
                    }
                } else {
                    if !day.add(n) {
                        return None;
                    }
                    s.skip('-');
                }
            }
            Token::Keyword(keyword, _) => match keyword {
                Keyword::AmPm(offset) if !time.is_empty() => time.hour_offset = Some(offset),
                Keyword::Month(month) => {
                    day.named_month = Some(month);
                    s.skip('-');
                }
                Keyword::Zone(hours) if has_read_number => tz.set(hours),
                _ => {
                    if has_read_number || s.peek().is_number() {
                        return None;
                    }
                }
            },
            Token::Symbol(c) if (c == '+' || c == '-') && (tz.is_utc() || !time.is_empty()) => {
                tz.sign = if c == '-' { -1 } else { 1 };
                let (mut n, mut length) = (0, 0);
                if let Token::Number(value, l) = s.peek() {
                    s.next();
                    n = value;
                    length = l;
                }
                has_read_number = true;
                if s.peek() == Token::Symbol(':') {
                    tz.hour = n;
                    tz.minute = NONE;
                } else if length == 1 || length == 2 {
                    tz.hour = n;
                    tz.minute = 0;
                } else if length == 3 || length == 4 {
                    tz.hour = n / 100;
                    tz.minute = n % 100;
                } else {
                    return None;
                }
            }
            Token::Symbol('+' | '-' | ')') if has_read_number => return None,
            _ => {}
        }
        token = s.next();
    }
    Some(())
}

/// ECMAScript's MakeDay: days since the epoch of `date` (1-based) of `month` (0-based, may be
/// out of 0..12) of `year`.
fn make_day(year: i64, month: i32, date: i32) -> Option<f64> {
    let year = year.checked_add(i64::from(month).div_euclid(12))?;
    let month = i64::from(month).rem_euclid(12) + 1;
    // Days from civil (Howard Hinnant's algorithm), proleptic Gregorian.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    // Lossless: |days| < 2^53 for any year V8 lets through (at most 9 digits).
    #[allow(clippy::cast_precision_loss)]
    Some(days as f64 + f64::from(date - 1))
}

#[cfg(test)]
mod tests {
    use super::parse;

    /// Read from node 20 (`TZ=UTC node -p 'new Date(text).getTime()'`).
    #[test]
    fn as_node_reads_them() {
        let cases: &[(&str, Option<i64>)] = &[
            ("2024-10-30T04:48:18.620Z", Some(1_730_263_698_620)),
            ("2024-10-30T04:48:18.620+0000", Some(1_730_263_698_620)),
            ("Wed, 30 Oct 2024 04:48:18 GMT", Some(1_730_263_698_000)),
            ("10/30/2024", Some(1_730_246_400_000)),
            ("0", Some(946_684_800_000)),
            ("1", Some(978_307_200_000)),
            ("12", Some(1_007_164_800_000)),
            ("true", None),
            ("2024-10-30 12:00", Some(1_730_289_600_000)),
            ("2024-02-31", Some(1_709_337_600_000)),
            ("Oct 30", Some(1_004_400_000_000)),
            ("  2024-10-30T04:48:18Z", None),
            ("2024-10-30T04:48:18", Some(1_730_263_698_000)),
            ("+002024-10-30T00:00:00Z", Some(1_730_246_400_000)),
            ("1e3", None),
            ("-1", Some(978_307_200_000)),
            ("null", None),
            ("2024-10-30T24:00:00Z", Some(1_730_332_800_000)),
            ("12:00", None),
            ("x 5", Some(988_675_200_000)),
            (
                "Tue Oct 30 2024 10:00:00 GMT+0100 (CET)",
                Some(1_730_278_800_000),
            ),
            ("2024-10-30T04:48:18.6204Z", Some(1_730_263_698_620)),
            ("30 Oct 2024 5pm", None),
            ("1730263698620", None),
            ("2024-10-30", Some(1_730_246_400_000)),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text), *expected, "{text:?}");
        }
    }
}
