//! yidi (一地): the front-desk console of a county one-stop dispute-resolution centre.

rust_i18n::i18n!("locales", fallback = "zh-CN");

pub mod admin;
pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod export;
pub mod logging;
pub mod private;
pub mod serve;
pub mod store;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod ui;
