//! `[serve]` and `[notify]` in the config file: where the page listens, the address printed
//! in QR codes, the centre's phone, the rate limit, and how notices are delivered.

use serde::Deserialize;

/// `[serve]` in the config file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServeConfig {
    /// Address and port the page listens on.
    #[serde(default = "default_listen")]
    pub listen: String,
    /// The address phones on the centre's network reach the page at (e.g.
    /// `http://10.1.2.3:8080`); the receipt's QR code is `{public_url}/T/{token}`.
    /// Unset: the QR code holds only the token, as before.
    pub public_url: Option<String>,
    /// The centre's phone number shown at the foot of the page.
    pub phone: Option<String>,
    /// Page requests a minute per client address, on average.
    #[serde(default = "default_rate")]
    pub rate_per_min: u32,
    /// Page requests one address may make at once before the rate applies.
    #[serde(default = "default_burst")]
    pub burst: u32,
    /// A database address with a read-only role for the page (PostgreSQL); unset: the main one.
    pub page_database_url: Option<String>,
}

fn default_listen() -> String {
    "127.0.0.1:8080".into()
}
fn default_rate() -> u32 {
    60
}
fn default_burst() -> u32 {
    20
}

impl Default for ServeConfig {
    fn default() -> Self {
        Self {
            listen: default_listen(),
            public_url: None,
            phone: None,
            rate_per_min: default_rate(),
            burst: default_burst(),
            page_database_url: None,
        }
    }
}

impl ServeConfig {
    /// The public address, or `http://{listen}` when none is configured.
    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.listen))
    }
}

/// `[notify]` in the config file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifyConfig {
    /// Deliveries tried before a notice is marked failed.
    #[serde(default = "default_attempts")]
    pub max_attempts: u32,
    /// A command that sends one SMS: run with the phone number as its argument and the
    /// text on standard input; exit 0 means sent.
    pub sms_command: Option<String>,
}

fn default_attempts() -> u32 {
    6
}

impl Default for NotifyConfig {
    fn default() -> Self {
        Self {
            max_attempts: default_attempts(),
            sms_command: None,
        }
    }
}
