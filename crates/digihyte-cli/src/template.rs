//! `digihyte template`: an input template workbook (the workbook itself is made by
//! `digihyte_report::template`, the only place that knows rust_xlsxwriter).

use crate::exit;
use clap::ValueEnum;
use digihyte_pipeline::Language;
use digihyte_report::template::{self, TemplateKind};
use std::path::PathBuf;
use tracing::{error, info};

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Kind {
    /// The activity log of a support point: one row per support event.
    Activity,
    /// Client feedback: one row per respondent.
    Feedback,
    /// The municipal actor survey: one row per municipality and year.
    ActorSurvey,
}

#[derive(Debug, clap::Args)]
pub struct TemplateArgs {
    /// Which input the template is for.
    #[arg(value_enum)]
    pub kind: Kind,
    /// Language of the headers, lists and instructions: fi, sv or en.
    #[arg(long, value_name = "LANG", default_value = "fi")]
    pub language: String,
    /// The workbook to write (.xlsx).
    #[arg(long, value_name = "FILE.xlsx")]
    pub out: PathBuf,
    /// Replace the file if it exists (by default an existing file, which may already be
    /// filled in, is never overwritten).
    #[arg(long)]
    pub force: bool,
}

pub fn template(args: &TemplateArgs) -> u8 {
    let Some(lang) = Language::parse(&args.language) else {
        error!("unknown --language `{}`: use fi, sv or en", args.language);
        return exit::USAGE;
    };
    if !args.out.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
        error!("--out {} must end in .xlsx (Excel refuses a workbook with another extension)", args.out.display());
        return exit::USAGE;
    }
    if args.out.exists() && !args.force {
        error!("{} exists; it may already be filled in, so it was left as it was (give --force to replace it)", args.out.display());
        return exit::USAGE;
    }
    let kind = match args.kind {
        Kind::Activity => TemplateKind::Activity,
        Kind::Feedback => TemplateKind::Feedback,
        Kind::ActorSurvey => TemplateKind::ActorSurvey,
    };
    let today = chrono::Local::now().date_naive();
    let bytes = match template::render(kind, lang.code(), &[template::example_row(kind, lang.code(), today)], today) {
        Ok(b) => b,
        Err(e) => {
            error!("making the template failed (a bug; please report it): {e}");
            return exit::OUTPUT;
        }
    };
    // Written beside the target and renamed, so that a failure leaves no half file.
    let file_name = args.out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = args.out.with_file_name(format!(".{file_name}.tmp-{}", std::process::id()));
    let written = std::fs::write(&tmp, &bytes).and_then(|()| std::fs::rename(&tmp, &args.out));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    if let Err(e) = written {
        error!("cannot write {}: {e}", args.out.display());
        return exit::OUTPUT;
    }
    info!("template written to {}", args.out.display());
    exit::OK
}
