//! Quantities that must never be floats: durations in whole minutes, money in whole cents.
//! They are summed exactly and rounded once, when shown (see [`crate::format`]).

use serde::{Deserialize, Serialize};
use std::iter::Sum;
use std::ops::{Add, AddAssign};

/// A duration in whole minutes. Unsigned, so a negative duration cannot exist.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Minutes(pub u32);

impl Minutes {
    pub const ZERO: Minutes = Minutes(0);

    pub fn from_hours(hours: u32) -> Self {
        Minutes(hours * 60)
    }

    pub fn get(self) -> u32 {
        self.0
    }

    pub fn saturating_sub(self, other: Minutes) -> Minutes {
        Minutes(self.0.saturating_sub(other.0))
    }

    /// The amount due for this time at `rate` per hour, rounded half-up to the cent.
    pub fn times_rate(self, rate: Cents) -> Cents {
        let numerator = i128::from(self.0) * i128::from(rate.0);
        let rounded = (numerator + 30).div_euclid(60);
        Cents(i64::try_from(rounded).unwrap_or(i64::MAX))
    }
}

impl Add for Minutes {
    type Output = Minutes;
    fn add(self, rhs: Minutes) -> Minutes {
        Minutes(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Minutes {
    fn add_assign(&mut self, rhs: Minutes) {
        *self = *self + rhs;
    }
}

impl Sum for Minutes {
    fn sum<I: Iterator<Item = Minutes>>(iter: I) -> Minutes {
        iter.fold(Minutes::ZERO, Add::add)
    }
}

/// An amount of money in euro cents.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Cents(pub i64);

impl Cents {
    pub fn get(self) -> i64 {
        self.0
    }
}

impl Add for Cents {
    type Output = Cents;
    fn add(self, rhs: Cents) -> Cents {
        Cents(self.0.saturating_add(rhs.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amount_is_rounded_once_half_up() {
        // 178 h at 23,00 € = 4.094,00 €
        assert_eq!(
            Minutes::from_hours(178).times_rate(Cents(2300)),
            Cents(409_400)
        );
        // 1 minute at 23,00 € = 0,3833… → 0,38 €
        assert_eq!(Minutes(1).times_rate(Cents(2300)), Cents(38));
        // 10 minutes at 23,01 € = 3,835 → 3,84 € (half up)
        assert_eq!(Minutes(10).times_rate(Cents(2301)), Cents(384));
    }
}
