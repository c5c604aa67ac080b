//! Unit tests of the money market, by topic.

mod interest;
