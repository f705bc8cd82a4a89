//! Small windows over the panels: confirmations, the draft offer, and the intake receipt
//! with its tracking QR code (only a random token is in the code).

use crate::app::draft::Draft;
use crate::app::state::{Ask, State};
use crate::domain::clock::TZ;
use crate::store::IntakeReceipt;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub struct Confirm<'a> {
    pub state: &'a State,
    pub ask: Ask,
}

impl Widget for Confirm<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let key = match self.ask {
            Ask::DiscardIntake => "ui.confirm_discard",
            Ask::Quit => "ui.confirm_quit",
            Ask::QuitForm => "keys.quit_form",
        };
        let block =
            super::block(s, " ? ".into(), true).border_style(s.theme.style("dialog.border"));
        Paragraph::new(s.t(key))
            .wrap(Wrap { trim: true })
            .block(block)
            .style(s.theme.style("dialog"))
            .render(area, buf);
    }
}

pub struct Restore<'a> {
    pub state: &'a State,
    pub draft: &'a Draft,
}

impl Widget for Restore<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let at = self
            .draft
            .saved_at
            .with_timezone(&TZ)
            .format("%m-%d %H:%M")
            .to_string();
        let text =
            rust_i18n::t!("ui.restore_draft", locale = s.lang.locale(), at = at).into_owned();
        let block =
            super::block(s, " ? ".into(), true).border_style(s.theme.style("dialog.border"));
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .block(block)
            .style(s.theme.style("dialog"))
            .render(area, buf);
    }
}

pub struct Receipt<'a> {
    pub state: &'a State,
    pub receipt: &'a IntakeReceipt,
}

/// The text in the tracking QR code: a random token, nothing personal. Upper case keeps it
/// in the QR alphanumeric set, so the code stays at version 2 (25×25) and fits an 80×24 screen.
pub fn tracking_text(token: uuid::Uuid) -> String {
    format!("YIDI:{}", token.simple()).to_uppercase()
}

impl Widget for Receipt<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let r = self.receipt;
        let block = super::block(s, format!(" {} ", s.t("ui.receipt_title")), true)
            .border_style(s.theme.style("form.saved"));
        let inner = block.inner(area);
        block.render(area, buf);
        let day = |t: chrono::DateTime<chrono::Utc>| {
            (t - chrono::Duration::seconds(1))
                .with_timezone(&TZ)
                .format("%m-%d")
                .to_string()
        };
        let d = &r.case.deadlines;
        let mut lines = vec![
            Line::styled(
                format!(
                    "{}: {}",
                    s.t("ui.receipt_ticket"),
                    r.ticket
                        .as_ref()
                        .map(|t| t.code())
                        .unwrap_or_else(|| "—".into())
                ),
                s.theme.style("form.saved"),
            ),
            Line::raw(format!("{}: {}", s.t("ui.receipt_case"), r.case.case_no)),
            Line::raw(format!(
                "{}: {}",
                s.t("ui.receipt_code"),
                tracking_text(r.case.tracking_token)
            )),
        ];
        // One deadline a line, so a narrow receipt never breaks one in the middle.
        for (key, at) in [
            ("ui.receipt_accept", d.accept),
            ("ui.receipt_convene", d.convene),
            ("ui.receipt_reply", d.reply),
        ] {
            lines.push(Line::raw(format!("{} {}", s.t(key), day(at))));
        }
        lines.push(Line::styled(
            s.t("ui.receipt_scan"),
            s.theme.style("form.hint"),
        ));
        lines.push(Line::styled(
            s.t("ui.receipt_close"),
            s.theme.style("form.hint"),
        ));
        // With a public address, the code opens the tracking page on the resident's phone.
        let qr_text = match &s.public_url {
            Some(url) => crate::serve::tracking_url(url, r.case.tracking_token),
            None => tracking_text(r.case.tracking_token),
        };
        let qr =
            qrcode::QrCode::with_error_correction_level(qr_text.as_bytes(), qrcode::EcLevel::L)
                .ok();
        // With its quiet zone if there is room (scanners want it), without if not. Not under
        // `--ascii`: a code of `#` and `"` scans as nothing, and the text carries the code.
        let widget = qr.filter(|_| !s.ascii).map(|qr| {
            let w = tui_qrcode::QrCodeWidget::new(qr).style(s.theme.style("qr"));
            let full = w.size(inner);
            if full.height <= inner.height && full.width + 20 <= inner.width {
                w
            } else {
                w.quiet_zone(tui_qrcode::QuietZone::Disabled)
            }
        });
        let qr_width = widget.as_ref().map_or(0, |w| w.size(inner).width);
        let [text, code] = inner.layout(&Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(qr_width),
        ]));
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .render(text, buf);
        if let Some(widget) = widget {
            let size = widget.size(code);
            // If the code does not fit, the text beside it still carries the tracking code.
            if size.width <= code.width && size.height <= code.height {
                widget.render(Rect::new(code.x, code.y, size.width, size.height), buf);
            }
        }
    }
}

/// A prompt over a panel or the case file (a ledger line, an explanation, an arrival time,
/// a reason…): its fields drawn by the kit, a refusal from the store under them.
pub struct PromptView<'a> {
    pub state: &'a State,
    pub prompt: &'a crate::app::state::Prompt,
}

impl Widget for PromptView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let p = self.prompt;
        let title = s.t(p.title_key());
        let block = super::block(s, format!(" {title} "), true)
            .border_style(s.theme.style("dialog.border"));
        let mut lines = super::form::lines(s, &p.kit, p.saving);
        if let Some(problem) = &p.problem {
            lines.push(Line::styled(
                format!("! {problem}"),
                s.theme.style("form.error"),
            ));
        }
        let keys = if p.saving {
            format!("{}...", s.t("triage.saving"))
        } else {
            s.t("prompt.keys")
        };
        lines.push(Line::styled(keys, s.theme.style("form.hint")));
        Paragraph::new(lines)
            .block(block)
            .style(s.theme.style("dialog"))
            .render(area, buf);
    }
}
