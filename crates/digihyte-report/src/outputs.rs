//! The one list of outputs a run writes ([`Output`]), what each is made of, and the
//! rendering of them in parallel ([`render_into`]).

use crate::charts::{self, figures, ChartSpec};
use crate::{documents, manifest, slug, tidy, workbooks, OutputFile, ReportError, ReportInput};
use digihyte_core::vocabulary::Dimension;
use rayon::prelude::*;
use std::sync::OnceLock;

/// A chart of the area (`charts/<name>_<stem>.png` and `.svg`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaChart {
    ClientsPer1000,
    Topics,
    Channels,
    Ages,
    Feedback,
    NeedReach,
    MapClientsPer1000,
    MapNeedReach,
}

impl AreaChart {
    /// In the order of the manifest.
    pub const ALL: [AreaChart; 8] = [
        AreaChart::ClientsPer1000,
        AreaChart::Topics,
        AreaChart::Channels,
        AreaChart::Ages,
        AreaChart::Feedback,
        AreaChart::NeedReach,
        AreaChart::MapClientsPer1000,
        AreaChart::MapNeedReach,
    ];

    /// The part of the file name after the pipeline's name (DOMAIN.md, "The output folder").
    pub fn stem(self) -> &'static str {
        match self {
            AreaChart::ClientsPer1000 => "clients_per_1000",
            AreaChart::Topics => "topics",
            AreaChart::Channels => "channels",
            AreaChart::Ages => "ages",
            AreaChart::Feedback => "feedback",
            AreaChart::NeedReach => "need_reach",
            AreaChart::MapClientsPer1000 => "map_clients_per_1000",
            AreaChart::MapNeedReach => "map_need_reach",
        }
    }

    /// What the chart shows, or `None` when the run has nothing for it (no survey, no
    /// need indicators).
    pub fn spec(self, input: &ReportInput) -> Option<ChartSpec> {
        let area = workbooks::sheets::area_code(input);
        let mix = |dim: Dimension, key: &str| Some(figures::mix_chart(input, &area, &input.meta.area_name, dim, key));
        match self {
            AreaChart::ClientsPer1000 => Some(figures::rate_by_municipality(input)),
            AreaChart::Topics => mix(Dimension::Topic, "chart_topics"),
            AreaChart::Channels => mix(Dimension::Channel, "chart_channels"),
            AreaChart::Ages => mix(Dimension::AgeGroup, "chart_ages"),
            AreaChart::Feedback => figures::feedback_chart(input),
            AreaChart::NeedReach => figures::need_chart(input),
            AreaChart::MapClientsPer1000 => figures::reach_map(input),
            AreaChart::MapNeedReach => figures::quadrant_map(input),
        }
    }

    fn file_stem(self, input: &ReportInput) -> String {
        format!("{}_{}", input.meta.name, self.stem())
    }
}

/// A chart of one municipality (`charts/<name>_<code>_<municipality>_<stem>.png`, `.svg`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MunicipalChart {
    ClientsPer1000,
    Topics,
    Locator,
}

impl MunicipalChart {
    pub const ALL: [MunicipalChart; 3] = [MunicipalChart::ClientsPer1000, MunicipalChart::Topics, MunicipalChart::Locator];

    pub fn stem(self) -> &'static str {
        match self {
            MunicipalChart::ClientsPer1000 => "clients_per_1000",
            MunicipalChart::Topics => "topics",
            MunicipalChart::Locator => "map_locator",
        }
    }

    /// What the chart shows (`None`: a locator map of a municipality without boundaries).
    pub fn spec(self, input: &ReportInput, code: &str, name: &str) -> Option<ChartSpec> {
        match self {
            MunicipalChart::ClientsPer1000 => Some(figures::municipal_rate_chart(input, code)),
            MunicipalChart::Topics => Some(figures::mix_chart(input, code, name, Dimension::Topic, "chart_topics")),
            MunicipalChart::Locator => figures::locator_map(input, code, name),
        }
    }
}

/// Every output of a run, one entry per task of [`render_into`], in the manifest's order:
/// the tables, the rejected rows, the area's workbook and document, the area's charts,
/// then each municipality's workbook, document and charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output<'s> {
    /// `data/*.csv` and `internal/*.csv`.
    Tables,
    /// `internal/rejected.csv`.
    Rejected,
    /// `internal/rejected.xlsx`.
    RejectedWorkbook,
    /// `workbooks/<name>.xlsx`.
    AreaWorkbook,
    /// `documents/<name>.docx`.
    AreaDocument,
    /// `charts/<name>_<stem>.png` and `.svg`.
    AreaChart(AreaChart),
    /// `workbooks/<stem>.xlsx`, `documents/<stem>.docx` and the municipality's charts.
    Municipality { code: &'s str, name: &'s str },
}

/// The list of outputs of this run.
pub fn outputs<'i>(input: &'i ReportInput) -> Vec<Output<'i>> {
    let mut list = vec![Output::Tables, Output::Rejected, Output::RejectedWorkbook, Output::AreaWorkbook, Output::AreaDocument];
    list.extend(AreaChart::ALL.iter().map(|c| Output::AreaChart(*c)));
    list.extend(appendix_municipalities(input).into_iter().map(|(code, name)| Output::Municipality { code, name }));
    list
}

/// The file stem of a municipality's outputs: the Finnish name in every report language,
/// so that scripts find them.
pub(crate) fn municipal_stem(input: &ReportInput, code: &str, name: &str) -> String {
    let fi_name = code.parse().ok().and_then(|c| digihyte_core::Reference::get().municipality(c)).map_or(name, |m| m.name_fi.as_str());
    format!("{}_{}_{}", input.meta.name, code, slug(fi_name))
}

/// The municipalities that get an appendix: those of the area with a row in the report year.
pub(crate) fn appendix_municipalities<'i>(input: &'i ReportInput) -> Vec<(&'i str, &'i str)> {
    input
        .published
        .reach
        .iter()
        .filter(|p| p.id.area_type == "municipality" && p.year == input.meta.last_year)
        .map(|p| (p.id.area_code.as_str(), p.area_name.as_str()))
        .collect()
}

/// Every chart a run draws, as data, with the file stem it is written under
/// (`charts/{stem}.png` and `.svg`): the area's charts, then each municipality's. The
/// I/O-floor benchmark draws exactly these again (`DIGIHYTE_CHART_SPECS`).
pub fn chart_specs(input: &ReportInput) -> Vec<(String, ChartSpec)> {
    let mut specs: Vec<(String, ChartSpec)> =
        AreaChart::ALL.iter().filter_map(|c| c.spec(input).map(|s| (c.file_stem(input), s))).collect();
    for (code, name) in appendix_municipalities(input) {
        let stem = municipal_stem(input, code, name);
        specs.extend(MunicipalChart::ALL.iter().filter_map(|c| c.spec(input, code, name).map(|s| (format!("{stem}_{}", c.stem()), s))));
    }
    specs
}

/// The area's charts, each drawn once however many outputs use it (its files and the
/// area's document): the first task that needs one draws it, the others wait for it.
pub(crate) struct AreaCharts {
    drawn: [OnceLock<Drawn>; AreaChart::ALL.len()],
}

/// A chart as drawn once: its spec and its files, nothing (no data for it), or the error.
type Drawn = Result<Option<(ChartSpec, charts::Rendered)>, String>;

/// One task's manifest entries and seconds.
type TaskDone = Result<(Vec<manifest::ManifestOutput>, manifest::RenderSeconds), ReportError>;

impl AreaCharts {
    fn new() -> AreaCharts {
        AreaCharts { drawn: Default::default() }
    }
    /// The chart's spec and its PNG and SVG, or `None` when the run has nothing for it.
    pub(crate) fn get(&self, input: &ReportInput, c: AreaChart) -> Result<Option<&(ChartSpec, charts::Rendered)>, ReportError> {
        let i = AreaChart::ALL.iter().position(|x| *x == c).unwrap_or(0);
        let drawn = self.drawn[i].get_or_init(|| match c.spec(input) {
            Some(spec) => charts::render_spec(&spec).map(|r| Some((spec, r))).map_err(|e| e.to_string()),
            None => Ok(None),
        });
        match drawn {
            Ok(d) => Ok(d.as_ref()),
            Err(e) => Err(ReportError::Chart(charts::ChartError::Drawing(e.clone()))),
        }
    }
}

/// Where [`render_into`] puts each output as soon as it is made: it writes the file and
/// returns its manifest entry. It is called from several threads at once.
pub type Sink<'s> = dyn Fn(&OutputFile) -> Result<manifest::ManifestOutput, ReportError> + Sync + 's;

/// What a part of the rendering makes (for the thread time per part).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Csv,
    Workbooks,
    Documents,
    Charts,
}

/// Renders every output and hands each to `sink` as soon as its task is done, so that
/// writing overlaps rendering and no more than a few outputs are held in memory. Returns
/// the manifest entries in the fixed order of [`outputs`].
///
/// Every output of [`outputs`] is a task of its own, and the tasks run in parallel on
/// rayon's threads.
pub fn render_into(input: &ReportInput, sink: &Sink) -> Result<(Vec<manifest::ManifestOutput>, manifest::RenderSeconds), ReportError> {
    let list = outputs(input);
    let area_charts = AreaCharts::new();
    // The area's charts start first, each drawn by its own task, then the area's workbook
    // and document (the longest tasks, which use those charts: started early, they never
    // end last). A task that needs a chart another thread is still drawing waits for it
    // without doing other work, so the charts are not left to the documents to draw.
    let mut order: Vec<usize> = (0..list.len()).collect();
    order.sort_by_key(|&i| match list[i] {
        Output::AreaChart(_) => 0,
        Output::AreaWorkbook | Output::AreaDocument => 1,
        _ => 2,
    });
    let done: Vec<(usize, TaskDone)> = order
        .par_iter()
        .with_max_len(1)
        .map(|&i| {
            let run = || -> TaskDone {
                let mut times = manifest::RenderSeconds::default();
                let mut files = Vec::new();
                for (part, secs, mut f) in run_task(input, &list[i], &area_charts)? {
                    *match part {
                        Part::Csv => &mut times.csv,
                        Part::Workbooks => &mut times.workbooks,
                        Part::Documents => &mut times.documents,
                        Part::Charts => &mut times.charts,
                    } += secs;
                    files.append(&mut f);
                }
                let started = std::time::Instant::now();
                let finished = files.iter().map(sink).collect::<Result<Vec<_>, _>>()?;
                times.write = started.elapsed().as_secs_f64();
                Ok((finished, times))
            };
            (i, run())
        })
        .collect();
    let mut times = manifest::RenderSeconds::default();
    let mut by_output: Vec<Vec<manifest::ManifestOutput>> = (0..list.len()).map(|_| Vec::new()).collect();
    for (i, d) in done {
        let (finished, t) = d?;
        times.add(&t);
        by_output[i] = finished;
    }
    Ok((by_output.into_iter().flatten().collect(), times))
}

/// What a task made of one part, and the seconds it took.
type TaskOutput = (Part, f64, Vec<OutputFile>);

/// A chart's two files, `charts/{stem}.png` and `.svg`.
fn chart_files(stem: &str, c: charts::Rendered) -> [OutputFile; 2] {
    [
        OutputFile { path: format!("charts/{stem}.png"), bytes: c.png },
        OutputFile { path: format!("charts/{stem}.svg"), bytes: c.svg.into_bytes() },
    ]
}

/// Runs one task: its outputs by part, with the seconds each part took.
fn run_task(input: &ReportInput, output: &Output, area_charts: &AreaCharts) -> Result<Vec<TaskOutput>, ReportError> {
    let timed = |part: Part, f: &dyn Fn() -> Result<Vec<OutputFile>, ReportError>| -> Result<TaskOutput, ReportError> {
        let started = std::time::Instant::now();
        let files = f()?;
        Ok((part, started.elapsed().as_secs_f64(), files))
    };
    let one = |path: String, bytes: Vec<u8>| vec![OutputFile { path, bytes }];
    Ok(match output {
        Output::Tables => vec![timed(Part::Csv, &|| {
            Ok(tidy::all_tables(input.published, input.internal)?.into_iter().map(|(path, bytes)| OutputFile { path, bytes }).collect())
        })?],
        Output::Rejected => vec![timed(Part::Csv, &|| Ok(one("internal/rejected.csv".into(), tidy::rejected(input.rejections)?)))?],
        Output::RejectedWorkbook => {
            vec![timed(Part::Workbooks, &|| Ok(one("internal/rejected.xlsx".into(), workbooks::rejected(input)?)))?]
        }
        Output::AreaWorkbook => {
            vec![timed(Part::Workbooks, &|| {
                let mut maps = Vec::new();
                for c in [AreaChart::MapClientsPer1000, AreaChart::MapNeedReach] {
                    if let Some((spec, drawn)) = area_charts.get(input, c)? {
                        maps.push((spec, drawn.png.as_slice()));
                    }
                }
                Ok(one(format!("workbooks/{}.xlsx", input.meta.name), workbooks::regional(input, &maps)?))
            })?]
        }
        Output::AreaDocument => vec![timed(Part::Documents, &|| {
            let mut figures = Vec::new();
            for c in AreaChart::ALL {
                if let Some((spec, drawn)) = area_charts.get(input, c)? {
                    figures.push(documents::Figure { stem: c.stem(), spec, png: &drawn.png });
                }
            }
            Ok(one(format!("documents/{}.docx", input.meta.name), documents::area(input, &figures)?))
        })?],
        Output::AreaChart(c) => vec![timed(Part::Charts, &|| {
            Ok(match area_charts.get(input, *c)? {
                // Kept for the area's document and workbook as well: these files are copies.
                Some((_, drawn)) => chart_files(&c.file_stem(input), drawn.clone()).into(),
                None => Vec::new(),
            })
        })?],
        Output::Municipality { code, name } => {
            let stem = municipal_stem(input, code, name);
            let started = std::time::Instant::now();
            let drawn: Vec<(MunicipalChart, ChartSpec, charts::Rendered)> = MunicipalChart::ALL
                .iter()
                .filter_map(|c| c.spec(input, code, name).map(|spec| (*c, spec)))
                .map(|(c, spec)| charts::render_spec(&spec).map(|r| (c, spec, r)))
                .collect::<Result<_, _>>()?;
            let chart_secs = started.elapsed().as_secs_f64();
            let figures: Vec<documents::Figure> =
                drawn.iter().map(|(c, spec, r)| documents::Figure { stem: c.stem(), spec, png: &r.png }).collect();
            let workbook = timed(Part::Workbooks, &|| Ok(one(format!("workbooks/{stem}.xlsx"), workbooks::municipal(input, code)?)))?;
            let document =
                timed(Part::Documents, &|| Ok(one(format!("documents/{stem}.docx"), documents::municipal(input, code, &figures)?)))?;
            drop(figures);
            // The document has copied the pictures in: the charts' own files take them over.
            let chart_files: Vec<OutputFile> =
                drawn.into_iter().flat_map(|(c, _, r)| chart_files(&format!("{stem}_{}", c.stem()), r)).collect();
            vec![workbook, document, (Part::Charts, chart_secs, chart_files)]
        }
    })
}
