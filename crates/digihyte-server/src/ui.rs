//! Every text of the server's pages in Finnish, Swedish and English: one table, keyed.
//! Where the reports already have a label for the same thing (columns, keys, accounting),
//! the page uses the report's wording (`digihyte_report::labels::t`), so a coordinator reads
//! the same word on the page and in the workbook.

/// The page languages, in the order of the language switch.
pub const LANGS: [&str; 3] = ["fi", "sv", "en"];

/// (key, fi, sv, en)
const UI: &[(&str, &str, &str, &str)] = &[
    ("app_title", "Digituki hyvinvointikertomukseen", "Digistöd i välfärdsberättelsen", "Digital support for the wellbeing report"),
    ("lang_name", "suomeksi", "på svenska", "in English"),
    ("skip_to_main", "Siirry sisältöön", "Till innehållet", "Skip to content"),
    ("projects", "Projektit", "Projekt", "Projects"),
    ("no_projects", "Ei vielä projekteja.", "Inga projekt ännu.", "No projects yet."),
    ("new_project", "Uusi projekti", "Nytt projekt", "New project"),
    ("new_project_help", "Valitse alue ja vuodet. Ohjelma kirjoittaa putkitiedoston (pipeline.toml) puolestasi; voit ladata sen myöhemmin.", "Välj område och år. Programmet skriver pipelinefilen (pipeline.toml) åt dig; du kan ladda ner den senare.", "Pick the area and the years. The program writes the pipeline file (pipeline.toml) for you; you can download it later."),
    ("import_project", "Tuo olemassa oleva putkitiedosto", "Importera en befintlig pipelinefil", "Import an existing pipeline file"),
    ("import_help", "Tiedostopolut muutetaan osoittamaan tähän projektiin ladattaviin tiedostoihin (sama tiedostonimi).", "Filsökvägarna ändras så att de pekar på filer som laddas upp till projektet (samma filnamn).", "The file paths are changed to point at the files you upload to this project (the same file names)."),
    ("name", "Nimi", "Namn", "Name"),
    ("name_help", "kirjaimia, numeroita, - tai _; tulostiedostojen nimissä", "bokstäver, siffror, - eller _; i utdatafilernas namn", "letters, digits, - or _; used in the output file names"),
    ("title", "Otsikko", "Rubrik", "Title"),
    ("area_kind", "Alue", "Område", "Area"),
    ("area_region", "Maakunta", "Landskap", "Region"),
    ("area_municipalities", "Kunnat (koodit pilkuin erotettuina)", "Kommuner (koder åtskilda med komma)", "Municipalities (codes separated by commas)"),
    ("area_country", "Koko maa", "Hela landet", "Whole country"),
    ("first_year", "Ensimmäinen vuosi", "Första år", "First year"),
    ("last_year", "Raporttivuosi (viimeinen)", "Rapportår (sista)", "Report year (last)"),
    ("language", "Raportin kieli", "Rapportens språk", "Report language"),
    ("create", "Luo projekti", "Skapa projekt", "Create project"),
    ("import", "Tuo", "Importera", "Import"),
    ("save", "Tallenna", "Spara", "Save"),
    ("settings", "Alue ja vuodet", "Område och år", "Area and years"),
    ("pipeline_file", "Putkitiedosto", "Pipelinefil", "Pipeline file"),
    ("download_pipeline", "Lataa pipeline.toml", "Ladda ner pipeline.toml", "Download pipeline.toml"),
    ("replace_pipeline", "Korvaa putkitiedosto", "Ersätt pipelinefilen", "Replace the pipeline file"),
    ("files", "Tiedostot", "Filer", "Files"),
    ("upload_files", "Lisää tiedostoja", "Lägg till filer", "Add files"),
    ("upload_help", "Tapahtumalokit, palautekyselyt, kuntakysely ja Sotkanet-tiedostot (.xlsx, .xls, .ods, .csv, .json). Useita kerralla; kukin tarkistetaan heti.", "Händelseloggar, responsenkäter, kommunenkäten och Sotkanet-filer (.xlsx, .xls, .ods, .csv, .json). Flera på en gång; var och en kontrolleras genast.", "Activity logs, survey exports, the municipal survey and Sotkanet files (.xlsx, .xls, .ods, .csv, .json). Several at once; each is checked at once."),
    ("upload", "Lähetä", "Skicka", "Upload"),
    ("uploaded", "tallennettu", "sparad", "saved"),
    ("upload_refused", "ei tallennettu", "inte sparad", "not saved"),
    ("read_as", "luetaan tyyppinä", "läses som", "read as"),
    ("no_files", "Ei vielä tiedostoja. Lisää tapahtumalokit yllä.", "Inga filer ännu. Lägg till händelseloggarna ovan.", "No files yet. Add the activity logs above."),
    ("kind", "Tyyppi", "Typ", "Kind"),
    ("kind_activity", "tapahtumaloki", "händelselogg", "activity log"),
    ("kind_feedback", "asiakaspalaute", "klientrespons", "client feedback"),
    ("kind_actor_survey", "kuntakysely", "kommunenkät", "municipal survey"),
    ("kind_indicators", "indikaattorit", "indikatorer", "indicators"),
    ("details", "Näytä rivit", "Visa rader", "Show rows"),
    ("delete", "Poista", "Ta bort", "Delete"),
    ("total", "Yhteensä", "Totalt", "Total"),
    ("status", "Tila", "Status", "Status"),
    ("ok", "kunnossa", "i ordning", "ok"),
    ("pipeline_problems", "Putkitiedostossa on ongelmia", "Pipelinefilen har problem", "The pipeline file has problems"),
    ("waiting_sources", "Putkitiedosto odottaa näitä tiedostoja", "Pipelinefilen väntar på dessa filer", "The pipeline file is waiting for these files"),
    ("waiting_help", "Lataa tiedosto, jonka nimi vastaa mallia, tai poista lähde.", "Ladda upp en fil vars namn motsvarar mönstret, eller ta bort källan.", "Upload a file whose name matches the pattern, or remove the source."),
    ("remove_source", "Poista lähde", "Ta bort källan", "Remove the source"),
    ("rejected_rows", "Hylätyt rivit", "Avvisade rader", "Rejected rows"),
    ("rejected_help", "Korjaa nämä solut lähdetiedostossa (tai pyydä tukipistettä korjaamaan) ja lataa tiedosto uudelleen.", "Rätta dessa celler i källfilen (eller be stödpunkten göra det) och ladda upp filen igen.", "Fix these cells in the source file (or ask the support point to) and upload it again."),
    ("place", "Paikka", "Plats", "Place"),
    ("fix", "Korjausehdotus", "Förslag till rättelse", "Suggested fix"),
    ("no_rejected", "Ei hylättyjä rivejä.", "Inga avvisade rader.", "No rejected rows."),
    ("more_rejected", "Näytetään ensimmäiset {n}; kaikki ovat tiedostossa internal/rejected.xlsx ajon jälkeen.", "De första {n} visas; alla finns i internal/rejected.xlsx efter körningen.", "The first {n} are shown; all are in internal/rejected.xlsx after the run."),
    ("unknown_words_help", "Sanat, joita ohjelma ei tunne, lasketaan luokkaan muu (aiheet, kanavat, toimijat) tai tuntematon (ikä). Valitse kullekin oikea avain; valinnat tallennetaan putkitiedoston [words]-osioon.", "Ord som programmet inte känner till räknas som övrigt (ämnen, kanaler, aktörer) eller okänd (ålder). Välj rätt nyckel för vart och ett; valen sparas i pipelinefilens [words]-avsnitt.", "Words the program does not know are counted as other (topics, channels, providers) or unknown (ages). Choose the right key for each; the choices are saved in the pipeline file's [words] section."),
    ("no_unknown_words", "Kaikki sanat tunnistettiin.", "Alla ord kändes igen.", "Every word was recognised."),
    ("key_to_use", "Avain", "Nyckel", "Key"),
    ("keep_as_is", "(jätä ennalleen)", "(lämna som det är)", "(leave as it is)"),
    ("save_words", "Tallenna sanat putkitiedostoon", "Spara orden i pipelinefilen", "Save the words in the pipeline file"),
    ("words_saved", "Sanat tallennettu putkitiedostoon.", "Orden sparades i pipelinefilen.", "The words were saved in the pipeline file."),
    ("mapped_words", "Putkitiedoston omat sanat", "Pipelinefilens egna ord", "The pipeline file's own words"),
    ("run", "Aja", "Kör", "Run"),
    ("run_help", "Ajo lukee kaikki tiedostot, laskee luvut ja kirjoittaa raportit. Edelliset tulokset säilyvät, jos ajo epäonnistuu.", "Körningen läser alla filer, räknar ut talen och skriver rapporterna. De tidigare resultaten finns kvar om körningen misslyckas.", "The run reads every file, computes the figures and writes the reports. The previous results stay if the run fails."),
    ("run_now", "Aja nyt", "Kör nu", "Run now"),
    ("runs", "Ajot", "Körningar", "Runs"),
    ("run_no", "Ajo", "Körning", "Run"),
    ("started", "Aloitettu", "Startad", "Started"),
    ("finished", "Valmis", "Klar", "Finished"),
    ("by", "Tekijä", "Av", "By"),
    ("status_running", "käynnissä", "pågår", "running"),
    ("status_succeeded", "valmis", "klar", "finished"),
    ("status_too_many_rejected", "valmis, mutta liikaa hylättyjä rivejä", "klar, men för många avvisade rader", "finished, but too many rows rejected"),
    ("status_failed", "epäonnistui", "misslyckades", "failed"),
    ("status_interrupted", "keskeytyi", "avbröts", "interrupted"),
    ("status_refused", "ei aloitettu", "startades inte", "not started"),
    ("interrupted_text", "Ajo keskeytyi, koska palvelin pysähtyi kesken ajon. Edelliset tulokset ovat ennallaan: ne ovat viimeisimmän valmiin ajon tuloksia. Aja uudelleen.", "Körningen avbröts eftersom servern stannade mitt i körningen. De tidigare resultaten är oförändrade: de är den senaste färdiga körningens. Kör igen.", "The run was interrupted because the server stopped during it. The previous outputs are unchanged: they are those of the last finished run. Run again."),
    ("failed_text", "Ajo epäonnistui; edelliset tulokset ovat ennallaan.", "Körningen misslyckades; de tidigare resultaten är oförändrade.", "The run failed; the previous outputs are unchanged."),
    ("progress", "Eteneminen", "Förlopp", "Progress"),
    ("phase_compile", "Putkitiedosto", "Pipelinefil", "Pipeline file"),
    ("phase_read", "Tiedostojen luku", "Läsning av filer", "Reading the files"),
    ("phase_transform", "Luvut", "Tal", "Figures"),
    ("phase_publish", "Pienet luvut suojataan", "Små tal skyddas", "Protecting small numbers"),
    ("phase_render", "Raportit", "Rapporter", "Reports"),
    ("files_read", "tiedostoa luettu", "filer lästa", "files read"),
    ("outputs_written", "tiedostoa kirjoitettu", "filer skrivna", "files written"),
    ("page_refreshes", "Sivu päivittyy itsestään.", "Sidan uppdateras automatiskt.", "This page refreshes itself."),
    ("results", "Tulokset", "Resultat", "Results"),
    ("no_results", "Ei vielä tuloksia: aja projekti ensin.", "Inga resultat ännu: kör projektet först.", "No results yet: run the project first."),
    ("results_of_run", "Viimeisimmän valmiin ajon tulokset", "Resultat av den senaste färdiga körningen", "Results of the last finished run"),
    ("appendices", "Kuntien liitteet", "Kommunernas bilagor", "The municipalities' appendices"),
    ("municipality", "Kunta", "Kommun", "Municipality"),
    ("area_tables", "Alueen julkaistavat taulukot", "Områdets publicerbara tabeller", "The area's published tables"),
    ("downloads", "Lataukset", "Nedladdningar", "Downloads"),
    ("download_zip", "Kaikki julkaistavat tiedostot (zip)", "Alla publicerbara filer (zip)", "Everything published (zip)"),
    ("download_zip_muni", "Kunnan liite ja alueen taulukot (zip)", "Kommunens bilaga och områdets tabeller (zip)", "The appendix and the area's tables (zip)"),
    ("workbook", "Excel-työkirja", "Excel-arbetsbok", "Excel workbook"),
    ("document", "Word-asiakirja", "Word-dokument", "Word document"),
    ("area_workbook", "Alueen työkirja", "Områdets arbetsbok", "The area's workbook"),
    ("key_figures", "Tunnusluvut", "Nyckeltal", "Key figures"),
    ("charts", "Kuviot", "Diagram", "Charts"),
    ("data_quality", "Tietojen laatu", "Datakvalitet", "Data quality"),
    ("internal_note", "Vain projektin omistajalle: hylättyjen rivien raaka-arvot (internal/) eivät ole julkaistavia.", "Endast för projektets ägare: de avvisade radernas råvärden (internal/) är inte för publicering.", "For the project's owner only: the raw values of rejected rows (internal/) are not for publication."),
    ("owner_only_note", "Projektin omistaja on {owner}. Vain omistaja näkee raaka-arvot (hylättyjen rivien arvot, tuntemattomat sanat, internal/, manifest.json, putkitiedosto) ja muuttaa projektia; sinä näet tiedostojen tilit, ajot ja julkaistavat tulokset.", "Projektets ägare är {owner}. Endast ägaren ser råvärdena (de avvisade radernas värden, okända ord, internal/, manifest.json, pipelinefilen) och ändrar projektet; du ser filernas redovisning, körningarna och de publicerbara resultaten.", "The project's owner is {owner}. Only the owner sees the raw values (the rejected rows' values, unknown words, internal/, manifest.json, the pipeline file) and changes the project; you see the files' accounting, the runs and the published results."),
    ("unknown_words_hidden", "Tuntemattomia sanoja: {n}. Sanat näkee ja niiden avaimet valitsee projektin omistaja.", "Okända ord: {n}. Orden ser och deras nycklar väljer projektets ägare.", "Unknown words: {n}. The project's owner sees them and chooses their keys."),
    ("run_record", "Ajon kirjaus (manifest.json): syötetiedostot, varoitukset ja putkitiedosto; ei julkaistavaksi", "Körningens logg (manifest.json): indatafiler, varningar och pipelinefilen; inte för publicering", "The run's record (manifest.json): input files, warnings and the pipeline file; not for publication"),
    ("rejected_workbook", "Hylätyt rivit (internal/rejected.xlsx)", "Avvisade rader (internal/rejected.xlsx)", "Rejected rows (internal/rejected.xlsx)"),
    ("suppression", "Pienten lukujen suojaus", "Skydd av små tal", "Small-number protection"),
    ("login", "Kirjaudu", "Logga in", "Log in"),
    ("logout", "Kirjaudu ulos", "Logga ut", "Log out"),
    ("user_name", "Käyttäjätunnus", "Användarnamn", "User name"),
    ("password", "Salasana", "Lösenord", "Password"),
    ("login_failed", "Väärä käyttäjätunnus tai salasana.", "Fel användarnamn eller lösenord.", "Wrong user name or password."),
    ("login_limited", "Liian monta epäonnistunutta kirjautumista. Odota {minutes} minuuttia ja yritä uudelleen.", "För många misslyckade inloggningar. Vänta {minutes} minuter och försök igen.", "Too many failed logins. Wait {minutes} minutes and try again."),
    ("signed_in_as", "Kirjautunut", "Inloggad", "Signed in"),
    ("role_analyst", "analyytikko", "analytiker", "analyst"),
    ("role_coordinator", "koordinaattori", "koordinator", "coordinator"),
    ("local_user", "paikallinen käyttö (tällä koneella)", "lokal användning (på den här datorn)", "local use (on this computer)"),
    ("forbidden", "Ei oikeutta", "Ingen behörighet", "Not allowed"),
    ("forbidden_text", "Sinulla ei ole oikeutta tähän sivuun tai tiedostoon.", "Du har inte behörighet till den här sidan eller filen.", "You are not allowed to see this page or file."),
    ("csrf_text", "Lomake hylättiin, koska sen turvatunniste puuttui tai oli väärä. Lataa sivu uudelleen ja yritä uudestaan.", "Formuläret avvisades eftersom dess säkerhetstoken saknades eller var fel. Ladda om sidan och försök igen.", "The form was refused because its security token was missing or wrong. Reload the page and try again."),
    ("not_found", "Ei löytynyt", "Hittades inte", "Not found"),
    ("not_found_text", "Sivua tai tiedostoa ei ole.", "Sidan eller filen finns inte.", "There is no such page or file."),
    ("bad_request", "Virheellinen pyyntö", "Felaktig begäran", "Bad request"),
    ("too_many", "Liian monta yritystä", "För många försök", "Too many attempts"),
    ("host_refused", "421: tämä palvelin on paikallisessa käytössä ilman käyttäjätilejä ja vastaa vain osoitteisiin localhost, 127.0.0.1 ja [::1].", "421: den här servern används lokalt utan användarkonton och svarar bara på localhost, 127.0.0.1 och [::1].", "421: this server runs for local use without accounts and answers only localhost, 127.0.0.1 and [::1]."),
    ("forwarded_no_accounts", "Tämä palvelin on paikallisessa käytössä ilman käyttäjätilejä, eikä siihen voi ottaa yhteyttä välityspalvelimen kautta. Luo käyttäjätilit: digihyte serve --add-user.", "Den här servern används lokalt utan användarkonton och kan inte nås via en proxy. Skapa användarkonton: digihyte serve --add-user.", "This server runs for local use without accounts and cannot be reached through a proxy. Create accounts: digihyte serve --add-user."),
    ("back", "Takaisin", "Tillbaka", "Back"),
    ("coordinator_home", "Kuntasi liitteet", "Din kommuns bilagor", "Your municipality's appendices"),
    ("no_appendix", "Kunnallesi ei ole vielä julkaistua liitettä.", "Det finns ännu ingen publicerad bilaga för din kommun.", "There is no published appendix for your municipality yet."),
    ("run_date", "Ajopäivä", "Körningsdatum", "Run date"),
    ("run_date_help", "tätä myöhemmät päivämäärät hylätään; sama päivä antaa samat tiedostot", "senare datum avvisas; samma datum ger samma filer", "later dates are rejected; the same date gives the same files"),
    ("file_check", "Tiedoston tarkistus", "Kontroll av filen", "File check"),
    ("sheets", "Taulukot", "Blad", "Sheets"),
    ("skipped_by_kind", "Ohitetut rivit", "Överhoppade rader", "Skipped rows"),
    ("not_readable", "Tiedostoa ei voi lukea", "Filen kan inte läsas", "The file cannot be read"),
    ("project_created", "Projekti luotu. Lisää seuraavaksi tiedostot.", "Projektet skapades. Lägg nu till filerna.", "Project created. Now add the files."),
    ("settings_saved", "Asetukset tallennettu.", "Inställningarna sparades.", "The settings were saved."),
    ("pipeline_replaced", "Putkitiedosto korvattu.", "Pipelinefilen ersattes.", "The pipeline file was replaced."),
    ("file_deleted", "Tiedosto poistettu.", "Filen togs bort.", "The file was deleted."),
    ("source_removed", "Lähde poistettu putkitiedostosta.", "Källan togs bort ur pipelinefilen.", "The source was removed from the pipeline file."),
    ("too_many_files", "Liian monta tiedostoa kerralla (enintään {n}).", "För många filer på en gång (högst {n}).", "Too many files at once (at most {n})."),
    ("file_too_large", "tiedosto on liian suuri (enintään {mb} Mt)", "filen är för stor (högst {mb} MB)", "the file is too large (at most {mb} MB)"),
    ("bad_extension", "tiedostotyyppiä ei lueta: käytä .xlsx, .xls, .ods, .csv tai .json", "filtypen läses inte: använd .xlsx, .xls, .ods, .csv eller .json", "this kind of file is not read: use .xlsx, .xls, .ods, .csv or .json"),
    ("bad_name", "tiedostonimi ei kelpaa", "ogiltigt filnamn", "the file name is not valid"),
    ("run_locked", "Toinen ajo kirjoittaa parhaillaan saman projektin tuloksia; odota sen valmistumista.", "En annan körning skriver just nu samma projekts resultat; vänta tills den är klar.", "Another run is writing this project's outputs; wait for it to finish."),
    ("open_run", "Avaa ajo", "Öppna körningen", "Open the run"),
    ("warnings_n", "Varoitukset", "Varningar", "Warnings"),
    ("published_note", "Pienet luvut (alle {min}) näkyvät muodossa <{min}; tyhjä solu on piilotettu, jotta pientä lukua ei voi päätellä vähentämällä.", "Små tal (under {min}) visas som <{min}; en tom cell är dold så att ett litet tal inte kan räknas ut genom subtraktion.", "Small numbers (below {min}) show as <{min}; an empty cell is hidden so that a small number cannot be worked out by subtraction."),
    ("map", "Kartta", "Karta", "Map"),
    ("invalid_settings", "Asetuksia ei tallennettu", "Inställningarna sparades inte", "The settings were not saved"),
    ("years_range", "vuodet", "år", "years"),
];

/// The page text of `key` in `lang`; the report's label when the server has none; else the key.
pub fn t(lang: &str, key: &str) -> String {
    match UI.iter().find(|l| l.0 == key) {
        Some(l) => match lang {
            "sv" => l.2,
            "en" => l.3,
            _ => l.1,
        }
        .to_string(),
        None => digihyte_report::labels::t(lang, key),
    }
}

/// `t` with `{name}` placeholders filled.
pub fn tf(lang: &str, key: &str, args: &[(&str, String)]) -> String {
    let mut s = t(lang, key);
    for (k, v) in args {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

/// The language a browser asks for (`Accept-Language: sv-FI,sv;q=0.9,en;q=0.8`), of ours.
pub fn negotiate(accept_language: Option<&str>) -> &'static str {
    let Some(header) = accept_language else { return "fi" };
    let mut best: Option<(f32, usize, &'static str)> = None;
    for (i, part) in header.split(',').enumerate() {
        let mut it = part.trim().split(';');
        let tag = it.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = it.find_map(|p| p.trim().strip_prefix("q=").and_then(|v| v.parse::<f32>().ok())).unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        if let Some(lang) = LANGS.iter().find(|l| **l == primary) {
            if q > 0.0 && best.is_none_or(|(bq, bi, _)| q > bq || (q == bq && i < bi)) {
                best = Some((q, i, lang));
            }
        }
    }
    best.map_or("fi", |b| b.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_three_languages_and_keys_are_unique() {
        let mut keys: Vec<&str> = UI.iter().map(|l| l.0).collect();
        for l in UI {
            assert!(!l.1.is_empty() && !l.2.is_empty() && !l.3.is_empty(), "{}", l.0);
        }
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "a key appears twice");
    }

    #[test]
    fn the_browser_language_is_chosen_by_quality() {
        assert_eq!(negotiate(Some("sv-FI,sv;q=0.9,en;q=0.8")), "sv");
        assert_eq!(negotiate(Some("de-DE,en;q=0.5,fi;q=0.7")), "fi");
        assert_eq!(negotiate(Some("en-GB,en;q=0.9")), "en");
        assert_eq!(negotiate(Some("de")), "fi");
        assert_eq!(negotiate(None), "fi");
        assert_eq!(negotiate(Some("fi;q=0,sv")), "sv");
    }

    #[test]
    fn report_labels_fill_in() {
        assert_eq!(t("sv", "rows_read"), digihyte_report::labels::t("sv", "rows_read"));
        assert_eq!(t("en", "upload"), "Upload");
    }
}
