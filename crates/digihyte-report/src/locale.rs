//! The report language: every text a person reads in a workbook, chart or document, in
//! Finnish, Swedish and English, and how numbers are written in each. Every writer takes
//! its words and numbers from here. Canonical keys (CSV columns, manifest) never pass
//! through here.

/// (key, fi, sv, en)
const LABELS: &[(&str, &str, &str, &str)] = &[
    ("sheet_summary", "Yhteenveto", "Sammanfattning", "Summary"),
    ("sheet_reach", "Tavoittavuus", "Räckvidd", "Reach"),
    ("sheet_reach_chart", "Tavoittavuus kunnittain", "Räckvidd per kommun", "Reach by municipality"),
    ("sheet_quality", "Tietojen laatu", "Datakvalitet", "Data quality"),
    ("sheet_sources", "Lähteet ja menetelmä", "Källor och metod", "Sources and method"),
    ("sheet_rejected", "Hylätyt rivit", "Avvisade rader", "Rejected rows"),
    ("area", "Alue", "Område", "Area"),
    ("code", "Koodi", "Kod", "Code"),
    ("year", "Vuosi", "År", "Year"),
    ("events", "Tukitapahtumat", "Stödtillfällen", "Support events"),
    ("clients", "Asiakkaat", "Klienter", "Clients"),
    ("unique_clients", "Eri asiakkaat", "Unika klienter", "Unique clients"),
    ("hours", "Tukitunnit", "Stödtimmar", "Support hours"),
    ("support_points", "Tukipisteet", "Stödpunkter", "Support points"),
    ("clients_65plus", "Asiakkaat 65+", "Klienter 65+", "Clients 65+"),
    ("clients_75plus", "Asiakkaat 75+", "Klienter 75+", "Clients 75+"),
    ("population", "Väestö", "Befolkning", "Population"),
    ("population_year", "Väestön vuosi", "Befolkningsår", "Population year"),
    ("clients_per_1000", "Asiakkaat / 1 000 asukasta", "Klienter / 1 000 invånare", "Clients per 1,000 residents"),
    ("clients_65plus_per_1000", "Asiakkaat 65+ / 1 000 65 vuotta täyttänyttä", "Klienter 65+ / 1 000 i åldern 65+", "Clients 65+ per 1,000 aged 65+"),
    ("clients_75plus_per_1000", "Asiakkaat 75+ / 1 000 75 vuotta täyttänyttä", "Klienter 75+ / 1 000 i åldern 75+", "Clients 75+ per 1,000 aged 75+"),
    ("file", "Tiedosto", "Fil", "File"),
    ("sheet", "Taulukko", "Blad", "Sheet"),
    ("row", "Rivi", "Rad", "Row"),
    ("column", "Sarake", "Kolumn", "Column"),
    ("value", "Arvo", "Värde", "Value"),
    ("reason", "Syy", "Orsak", "Reason"),
    ("suggestion", "Ehdotus", "Förslag", "Suggestion"),
    ("rows_read", "Rivejä luettu", "Rader lästa", "Rows read"),
    ("rows_accepted", "Hyväksytty", "Godkända", "Accepted"),
    ("rows_rejected", "Hylätty", "Avvisade", "Rejected"),
    ("rows_skipped", "Ohitettu", "Överhoppade", "Skipped"),
    ("skipped_blank", "tyhjiä", "tomma", "blank"),
    ("skipped_total", "summarivejä", "summarader", "total rows"),
    ("skipped_out_of_scope", "muita vuosia", "andra år", "other years"),
    ("skipped_title", "otsikkorivejä", "rubrikrader", "title rows"),
    ("not_read", "Ei luettu", "Inte läst", "Not read"),
    ("inputs", "Syötetiedostot", "Indatafiler", "Input files"),
    // Why a row was rejected (`RejectReason::key`), shown in the workbooks and the web app.
    ("reason_missing_date", "päivämäärä puuttuu", "datum saknas", "date missing"),
    ("reason_bad_date", "päivämäärä ei kelpaa", "ogiltigt datum", "invalid date"),
    ("reason_future_date", "päivämäärä on tulevaisuudessa", "datumet ligger i framtiden", "date in the future"),
    ("reason_missing_municipality", "kunta puuttuu", "kommun saknas", "municipality missing"),
    ("reason_unknown_municipality", "tuntematon kunta", "okänd kommun", "unknown municipality"),
    ("reason_clients_not_numeric", "asiakasmäärä ei ole luku", "antalet klienter är inget tal", "clients is not a number"),
    ("reason_clients_not_positive", "asiakasmäärä ei ole positiivinen", "antalet klienter är inte positivt", "clients is not positive"),
    ("reason_duration_not_numeric", "kesto ei ole luku", "längden är inget tal", "duration is not a number"),
    ("reason_duration_absurd", "kesto yli 24 tuntia", "längden över 24 timmar", "duration over 24 hours"),
    ("reason_age_invalid", "ikä ei kelpaa", "ogiltig ålder", "invalid age"),
    ("reason_answer_invalid", "vastaus ei kelpaa", "ogiltigt svar", "invalid answer"),
    ("rejections_by_reason", "Hylätyt rivit syittäin", "Avvisade rader per orsak", "Rejected rows by reason"),
    ("unknown_words", "Tuntemattomat sanat (luokiteltu: muu tai tuntematon)", "Okända ord (klassificerade som annat eller okänt)", "Unknown words (counted as other or unknown)"),
    ("field", "Kenttä", "Fält", "Field"),
    ("word", "Sana", "Ord", "Word"),
    ("counted_as", "Luokiteltu", "Klassificerat som", "Counted as"),
    ("maybe", "Ehkä tarkoittaa", "Kanske", "Maybe means"),
    ("where", "Missä", "Var", "Where"),
    ("words_block", "Lisää sanat putkitiedoston [words]-osioon (tarkista avaimet):", "Lägg till orden i pipelinefilens [words] (kontrollera nycklarna):", "Add the words to the pipeline file's [words] (check the keys):"),
    ("count", "Lukumäärä", "Antal", "Count"),
    ("warnings", "Huomautukset", "Anmärkningar", "Warnings"),
    ("source_line", "Lähde: digitukitilastot; väestö: Tilastokeskus / THL Sotkanet", "Källa: digistödsstatistik; befolkning: Statistikcentralen / THL Sotkanet", "Source: digital support logs; population: Statistics Finland / THL Sotkanet"),
    ("suppressed_note", "<{n} = alle {n} henkilöä; luku ja siitä lasketut osuudet on jätetty pois tietosuojan vuoksi.", "<{n} = färre än {n} personer; talet och andelar beräknade av det visas inte av dataskyddsskäl.", "<{n} = fewer than {n} persons; the figure and rates computed from it are withheld to protect privacy."),
    ("secondary_note", ".. = piilotettu, jotta alle {n} henkilön luku ei paljastu vähentämällä muista luvuista (tämä luku ei ole pieni); tyhjä = ei laskettu tai laskettu piilotetusta luvusta.", ".. = dolt så att ett tal under {n} personer inte kan räknas fram ur de andra talen (talet självt är inte litet); tomt = inte beräknat eller beräknat av ett dolt tal.", ".. = withheld so that a figure below {n} persons cannot be worked out from the others by subtraction (this figure is not small); empty = not computed, or computed from a withheld figure."),
    ("chart_clients_title", "Digituen asiakkaat", "Digistödets klienter", "Digital support clients"),
    ("chart_rate_title", "Asiakkaat / 1 000 asukasta", "Klienter / 1 000 invånare", "Clients per 1,000 residents"),
    ("report_title", "Digituki hyvinvointikertomuksen liitteenä", "Digistöd som bilaga till välfärdsberättelsen", "Digital support: appendix to the wellbeing report"),
    ("years", "Vuodet", "År", "Years"),
    ("report_year", "Raportointivuosi", "Rapportår", "Report year"),
    ("headline_clients", "{area}: vuonna {year} digituki tavoitti {clients} asiakasta ({events} tukitapahtumaa).", "{area}: år {year} nådde digistödet {clients} klienter ({events} stödtillfällen).", "{area}: in {year}, digital support reached {clients} clients ({events} support events)."),
    ("headline_change", "Muutos edellisestä vuodesta: {change} asiakasta ({pct}).", "Förändring från föregående år: {change} klienter ({pct}).", "Change from the previous year: {change} clients ({pct})."),
    ("headline_rate", "Asiakkaita oli {rate} tuhatta asukasta kohden.", "Det var {rate} klienter per tusen invånare.", "That is {rate} clients per 1,000 residents."),
    ("program", "Ohjelma", "Program", "Program"),
    ("pipeline_file", "Putkitiedosto", "Pipelinefil", "Pipeline file"),
    ("run_date", "Ajopäivä", "Körningsdatum", "Run date"),
    ("suppression", "Pienten lukujen suojaus", "Skydd av små tal", "Small-number suppression"),
    ("credits", "Lähteet ja lisenssit", "Källor och licenser", "Sources and licences"),
    ("doc_figure", "Kuva", "Figur", "Figure"),
    ("map_hidden", "Ei julkaistu", "Inte publicerat", "Not published"),
    ("map_not_placed", "Ei nelikentässä", "Inte i fyrfältet", "Not placed"),
    ("map_under", "alle {a}", "under {a}", "under {a}"),
    ("map_over", "{a} tai enemmän", "{a} eller mer", "{a} or more"),
    // A middle class includes its lower end and not its upper one (the next class starts there).
    ("map_between", "{a} – alle {b}", "{a} – under {b}", "{a} to under {b}"),
    ("map_quadrants", "Tarve ja tavoittavuus kunnittain", "Behov och räckvidd per kommun", "Need and reach by municipality"),
    ("map_locator", "sijainti", "läge", "location"),
    ("map_this", "Kunta", "Kommunen", "The municipality"),
    ("map_others", "Muut alueen kunnat", "Områdets övriga kommuner", "The area's other municipalities"),
    ("sheet_maps", "Kartat", "Kartor", "Maps"),
    ("doc_table", "Taulukko", "Tabell", "Table"),
    ("doc_title", "{name}: digituki {year}", "{name}: digistöd {year}", "{name}: digital support {year}"),
    ("doc_subtitle", "Liite hyvinvointikertomukseen · {area} · {first}–{last}", "Bilaga till välfärdsberättelsen · {area} · {first}–{last}", "Appendix to the wellbeing report · {area} · {first}–{last}"),
    ("doc_h_content", "Tuen aiheet, kanavat ja asiakkaat", "Stödets ämnen, kanaler och klienter", "Topics, channels and clients"),
    ("doc_reach_caption", "Digituen tavoittavuus vuosittain: {name} ja {area}.", "Digistödets räckvidd per år: {name} och {area}.", "Reach of digital support by year: {name} and {area}."),
    ("doc_area_reach_caption", "Digituen tavoittavuus kunnittain vuonna {year}: {area}.", "Digistödets räckvidd per kommun år {year}: {area}.", "Reach of digital support by municipality in {year}: {area}."),
    ("doc_mix_caption", "{what} vuonna {year}: {name}.", "{what} år {year}: {name}.", "{what} in {year}: {name}."),
    ("doc_feedback_caption", "Asiakaspalaute vuonna {year}: {name}.", "Klientrespons år {year}: {name}.", "Client feedback in {year}: {name}."),
    ("doc_need_caption", "Tarve ja tavoittavuus kunnittain vuonna {year}: {area}.", "Behov och räckvidd per kommun år {year}: {area}.", "Need and reach by municipality in {year}: {area}."),
    ("doc_actor_caption", "Kuntakyselyn vastaukset vuonna {year}.", "Svaren på kommunenkäten år {year}.", "Answers to the municipal survey in {year}."),
    ("secondary", "Piilotetut solut", "Dolda celler", "Withheld cells"),
    ("derived_text", "Osuus, keskiarvo, luottamusväli, tunnit tai muutos näytetään vain, kun jokainen luku, josta se lasketaan, on näkyvissä. Pienen luvun jakaumaa (aiheet, kanavat, iät, vastaukset 1–5, 65+ ja 75+) ei näytetä lainkaan, jotta nollat eivät kerro, missä kaikki sen henkilöt ovat. Tarpeen ja tavoittavuuden mediaanit, nelikenttä ja korrelaatio lasketaan kunnista, joiden tavoittavuus on näkyvissä.", "En andel, ett medelvärde, ett konfidensintervall, timmar eller en förändring visas bara när varje tal som den beräknas av visas. Fördelningen av ett litet tal (ämnen, kanaler, åldrar, svar 1–5, 65+ och 75+) visas inte alls, så att nollorna inte avslöjar var alla dess personer finns. Medianerna, fyrfältet och korrelationen för behov och räckvidd beräknas av kommunerna vars räckvidd visas.", "A share, mean, interval, hours or change is shown only when every figure it is computed from is shown. The breakdown of a small figure (topics, channels, ages, answers 1–5, 65+ and 75+) is not shown at all, so that its zeros do not tell where all its persons are. The need–reach medians, quadrants and correlation are computed over the municipalities whose reach is shown."),
    ("derived", "Lasketut luvut", "Beräknade tal", "Derived figures"),
    ("words", "Muu ja ei tiedossa", "Annat och okänt", "Other and unknown"),
    ("words_text", "Muu = merkintä, jota sanasto ei tunne (sanat ja niiden määrät ovat tietojen laatu -välilehdellä, ja putkitiedoston [words]-osio voi liittää ne oikeaan luokkaan). Ei tiedossa = solu oli tyhjä, tai ikä ei ollut luettavissa iäksi. Kumpikaan ei poista tapahtumaa: tapahtuma lasketaan asiakkaisiin ja tunteihin joka tapauksessa.", "Annat = en uppgift som ordlistan inte känner (orden och deras antal finns på bladet Datakvalitet, och pipelinefilens avsnitt [words] kan föra dem till rätt klass). Okänt = cellen var tom, eller åldern gick inte att läsa som en ålder. Inget av dem tar bort ett stödtillfälle: det räknas till klienterna och timmarna ändå.", "Other = an entry the vocabulary does not know (the words and their counts are on the data-quality sheet, and the pipeline file's [words] section can map them to the right class). Unknown = the cell was empty, or the age could not be read as an age. Neither removes an event: it still counts towards clients and hours."),
    ("words_table", "Tapahtumat, joiden luokka on muu tai ei tiedossa", "Stödtillfällen vars klass är annat eller okänt", "Events whose class is other or unknown"),
    ("suppression_cost", "Piilotetut solut taulukoittain", "Dolda celler per tabell", "Cells withheld, by table"),
    ("table", "Taulukko", "Tabell", "Table"),
    ("hidden_primary", "Pieniä lukuja (<{n})", "Små tal (<{n})", "Small counts (<{n})"),
    ("hidden_secondary", "Piilotettu vähennyslaskun vuoksi (..)", "Dolda mot subtraktion (..)", "Withheld against subtraction (..)"),
    ("hidden_withheld", "Pienen luvun jakauma (tyhjä)", "Fördelning av ett litet tal (tomt)", "Breakdown of a small count (empty)"),
    ("table.reach", "Tavoittavuus", "Räckvidd", "Reach"),
    ("table.mix", "Jakaumat", "Fördelningar", "Breakdowns"),
    ("table.feedback", "Asiakaspalaute", "Klientrespons", "Client feedback"),
    ("topic.other_short", "Aihe: muu", "Ämne: annat", "Topic: other"),
    ("topic.unknown_short", "Aihe: ei tiedossa", "Ämne: okänt", "Topic: unknown"),
    ("channel.other_short", "Kanava: muu", "Kanal: annat", "Channel: other"),
    ("channel.unknown_short", "Kanava: ei tiedossa", "Kanal: okänt", "Channel: unknown"),
    ("provider_type.other_short", "Toimija: muu", "Aktör: annat", "Provider: other"),
    ("provider_type.unknown_short", "Toimija: ei tiedossa", "Aktör: okänt", "Provider: unknown"),
    ("age_group.unknown_short", "Ikä: ei tiedossa", "Ålder: okänd", "Age: unknown"),
    ("method", "Menetelmä", "Metod", "Method"),
    ("method_text", "Asiakkaat = tukitapahtumien asiakasmäärien summa (tyhjä = 1). Osuudet tuhatta asukasta kohden lasketaan alueen asiakkaista ja väestöstä; alueen luku lasketaan summista, ei kuntien lukujen keskiarvona. Väestönä käytetään viimeisintä vuotta, joka on sama tai aiempi kuin tilastovuosi.", "Klienter = summan av antalet klienter per stödtillfälle (tomt = 1). Andelar per tusen invånare beräknas av områdets klienter och befolkning; områdets tal beräknas av summor, inte som medeltal av kommunernas tal. Befolkningen är från det senaste året som är samma som eller före statistikåret.", "Clients = the sum of persons served per support event (empty = 1). Rates per 1,000 residents divide the area's clients by its population; area figures are computed from sums, never as averages of municipal rates. Population is from the latest year at or before the statistics year."),
    ("sheet_topics", "Aiheet", "Ämnen", "Topics"),
    ("sheet_channels", "Kanavat", "Kanaler", "Channels"),
    ("sheet_providers", "Toimijat", "Aktörer", "Providers"),
    ("sheet_ages", "Ikäryhmät", "Åldersgrupper", "Age groups"),
    ("sheet_feedback", "Palaute", "Respons", "Feedback"),
    ("sheet_indicators", "Indikaattorit", "Indikatorer", "Indicators"),
    ("sheet_need", "Tarve ja tavoittavuus", "Behov och räckvidd", "Need and reach"),
    ("sheet_actor", "Kuntakysely", "Kommunenkät", "Actor survey"),
    ("dim_topic", "Aihe", "Ämne", "Topic"),
    ("dim_channel", "Kanava", "Kanal", "Channel"),
    ("dim_provider_type", "Toimija", "Aktör", "Provider"),
    ("dim_age_group", "Ikäryhmä", "Åldersgrupp", "Age group"),
    ("share_of_events", "Osuus tapahtumista", "Andel av stödtillfällena", "Share of events"),
    ("topic.device_basics", "Laitteen käytön perusteet", "Grunderna i att använda enheter", "Device basics"),
    ("topic.e_identification", "Sähköinen tunnistautuminen", "E-legitimation", "Electronic identification"),
    ("topic.health_social", "Sosiaali- ja terveyspalvelut", "Social- och hälsovårdstjänster", "Health and social services"),
    ("topic.kela_benefits", "Kela ja etuudet", "FPA och förmåner", "Kela and benefits"),
    ("topic.public_eservices", "Muut julkiset e-palvelut", "Andra offentliga e-tjänster", "Other public e-services"),
    ("topic.banking_payments", "Pankki- ja maksuasiat", "Bank och betalningar", "Banking and payments"),
    ("topic.communication", "Viestintä", "Kommunikation", "Communication"),
    ("topic.apps", "Sovellukset ja päivitykset", "Appar och uppdateringar", "Apps and updates"),
    ("topic.security_scams", "Tietoturva ja huijaukset", "Säkerhet och bedrägerier", "Security and scams"),
    ("topic.other", "Muu", "Annat", "Other"),
    ("topic.unknown", "Ei tiedossa", "Okänt", "Unknown"),
    ("channel.in_person", "Lähituki", "Närstöd", "In person"),
    ("channel.phone", "Puhelin", "Telefon", "Phone"),
    ("channel.remote", "Etätuki", "Distansstöd", "Remote"),
    ("channel.home_visit", "Kotikäynti", "Hembesök", "Home visit"),
    ("channel.group", "Ryhmä tai koulutus", "Grupp eller kurs", "Group or training"),
    ("channel.other", "Muu", "Annat", "Other"),
    ("channel.unknown", "Ei tiedossa", "Okänt", "Unknown"),
    ("provider_type.municipality", "Kunta", "Kommun", "Municipality"),
    ("provider_type.library", "Kirjasto", "Bibliotek", "Library"),
    ("provider_type.service_point", "Asiointipiste", "Servicepunkt", "Service point"),
    ("provider_type.association", "Järjestö tai yhdistys", "Förening eller organisation", "Association"),
    ("provider_type.kela", "Kela", "FPA", "Kela"),
    ("provider_type.employment_services", "TE-palvelut", "TE-tjänster", "Employment services"),
    ("provider_type.education", "Oppilaitos tai kansalaisopisto", "Läroanstalt eller medborgarinstitut", "Education"),
    ("provider_type.parish", "Seurakunta", "Församling", "Parish"),
    ("provider_type.company", "Yritys", "Företag", "Company"),
    ("provider_type.wellbeing_county", "Hyvinvointialue", "Välfärdsområde", "Wellbeing services county"),
    ("provider_type.other", "Muu", "Annat", "Other"),
    ("provider_type.unknown", "Ei tiedossa", "Okänt", "Unknown"),
    ("age_group.under_30", "Alle 30", "Under 30", "Under 30"),
    ("age_group.30_64", "30–64", "30–64", "30–64"),
    ("age_group.65_74", "65–74", "65–74", "65–74"),
    ("age_group.75_plus", "75+", "75+", "75+"),
    ("age_group.unknown", "Ei tiedossa", "Okänd", "Unknown"),
    ("item.got_help", "Sain apua asiaani", "Jag fick hjälp med mitt ärende", "I got help with my matter"),
    ("item.can_do_myself", "Osaan hoitaa asian itse ensi kerralla", "Jag klarar ärendet själv nästa gång", "I can handle it myself next time"),
    ("item.confidence_grew", "Varmuuteni digipalveluissa kasvoi", "Min säkerhet med digitala tjänster ökade", "My confidence with digital services grew"),
    ("item.cope_better", "Pärjään paremmin arjessa", "Jag klarar mig bättre i vardagen", "I cope better in daily life"),
    ("item.would_recommend", "Suosittelisin digitukea (kyllä)", "Jag skulle rekommendera digistöd (ja)", "I would recommend digital support (yes)"),
    ("item", "Väittämä", "Påstående", "Statement"),
    ("respondents", "Vastaajia", "Svarande", "Respondents"),
    ("mean", "Keskiarvo (1–5)", "Medelvärde (1–5)", "Mean (1–5)"),
    ("share_4_5", "Samaa mieltä (4–5)", "Av samma åsikt (4–5)", "Agree (4–5)"),
    ("ci_low", "95 %:n luottamusväli, alaraja", "95 % konfidensintervall, nedre", "95% interval, low"),
    ("ci_high", "95 %:n luottamusväli, yläraja", "95 % konfidensintervall, övre", "95% interval, high"),
    ("yes_share", "Kyllä-osuus", "Andel ja", "Share yes"),
    ("indicator", "Indikaattori", "Indikator", "Indicator"),
    ("year_used", "Tiedon vuosi", "Uppgiftsår", "Year of the value"),
    ("need_index", "Tarveindeksi", "Behovsindex", "Need index"),
    ("quadrant", "Nelikenttä", "Fyrfält", "Quadrant"),
    ("q.high_need_low_reach", "Suuri tarve, pieni tavoittavuus", "Stort behov, liten räckvidd", "High need, low reach"),
    ("q.high_need_high_reach", "Suuri tarve, suuri tavoittavuus", "Stort behov, stor räckvidd", "High need, high reach"),
    ("q.low_need_low_reach", "Pieni tarve, pieni tavoittavuus", "Litet behov, liten räckvidd", "Low need, low reach"),
    ("q.low_need_high_reach", "Pieni tarve, suuri tavoittavuus", "Litet behov, stor räckvidd", "Low need, high reach"),
    ("spearman", "Tarpeen ja tavoittavuuden järjestyskorrelaatio (Spearman)", "Rangkorrelation mellan behov och räckvidd (Spearman)", "Rank correlation of need and reach (Spearman)"),
    ("spearman_none", "ei laskettu (alle 5 kuntaa)", "inte beräknad (färre än 5 kommuner)", "not computed (fewer than 5 municipalities)"),
    ("in_report", "Digituki hyvinvointikertomuksessa", "Digistöd i välfärdsberättelsen", "Digital support in the wellbeing report"),
    ("in_plan", "Digituki hyvinvointisuunnitelmassa", "Digistöd i välfärdsplanen", "Digital support in the wellbeing plan"),
    ("contact_person", "Digituen yhteyshenkilö nimetty", "Kontaktperson för digistöd utsedd", "Digital-support contact person named"),
    ("support_points_survey", "Tukipisteitä (kysely)", "Stödpunkter (enkät)", "Support points (survey)"),
    ("yes", "Kyllä", "Ja", "Yes"),
    ("no", "Ei", "Nej", "No"),
    ("unknown", "Ei tiedossa", "Okänt", "Unknown"),
    ("duplicates", "Mahdolliset kaksoiskirjaukset (samat tiedot kahdesti; tarkista)", "Möjliga dubbletter (samma uppgifter två gånger; kontrollera)", "Likely duplicate rows (the same data twice; please check)"),
    ("times", "Kertaa", "Gånger", "Times"),
    ("rows", "Rivit", "Rader", "Rows"),
    ("indicator_years", "Indikaattorien vuodet", "Indikatorernas år", "Indicator years used"),
    ("no_data", "Ei tietoja", "Inga uppgifter", "No data"),
    ("chart_clients_trend", "Asiakkaat vuosittain", "Klienter per år", "Clients by year"),
    ("chart_topics", "Tuen aiheet", "Stödets ämnen", "Support topics"),
    ("chart_channels", "Tuen kanavat", "Stödets kanaler", "Support channels"),
    ("chart_ages", "Asiakkaiden ikäryhmät", "Klienternas åldersgrupper", "Clients' age groups"),
    ("chart_feedback", "Samaa mieltä (4–5) väittämittäin", "Av samma åsikt (4–5) per påstående", "Agree (4–5) by statement"),
    ("chart_need", "Tarve ja tavoittavuus", "Behov och räckvidd", "Need and reach"),
    ("source_feedback", "Lähde: digituen asiakaspalaute", "Källa: digistödets klientrespons", "Source: digital-support client feedback"),
    ("source_need", "Lähde: digitukitilastot; THL / Sotkanet", "Källa: digistödsstatistik; THL / Sotkanet", "Source: digital support logs; THL / Sotkanet"),
    ("suppressed_chart_note", "Alle {n} henkilön luvut puuttuvat kuvasta tietosuojan vuoksi.", "Tal under {n} personer saknas av dataskyddsskäl.", "Figures below {n} persons are left out to protect privacy."),
];

/// The label of `key` in `lang` (`fi`, `sv`, `en`); the key itself if it has none.
pub fn t(lang: &str, key: &str) -> String {
    // Looked up for every category of every chart and sheet: an index, not a scan.
    type Label = (&'static str, &'static str, &'static str, &'static str);
    static INDEX: std::sync::LazyLock<std::collections::HashMap<&str, &Label, foldhash::fast::FixedState>> =
        std::sync::LazyLock::new(|| {
            let mut ix = std::collections::HashMap::default();
            for l in LABELS {
                // The first entry of a key wins, as the scan did.
                ix.entry(l.0).or_insert(l);
            }
            ix
        });
    INDEX
        .get(key)
        .map(|l| match lang {
            "sv" => l.2,
            "en" => l.3,
            _ => l.1,
        })
        .unwrap_or(key)
        .to_string()
}

/// Why a row was rejected (a `RejectReason` key, as `rejected.csv` writes it), in words.
pub fn reason(lang: &str, key: &str) -> String {
    t(lang, &format!("reason_{key}"))
}

/// The readers' advice on rejected rows (`digihyte_core::advice`) in Finnish and Swedish; the
/// English is the sentence itself.
const ADVICE: &[(&str, &str, &str)] = {
    use digihyte_core::advice::*;
    &[
        (DATE_MISSING, "täytä tapahtuman päivämäärä, esim. 1.3.2024", "fyll i händelsens datum, t.ex. 1.3.2024"),
        (DATE_FORMAT, "kirjoita päivämäärä muodossa 1.3.2024 tai 2024-03-01", "skriv datumet som 1.3.2024 eller 2024-03-01"),
        (AFTER_RUN_DATE, "päivämäärä on ajopäivän {} jälkeen", "datumet är senare än körningsdatumet {}"),
        (YEAR_AFTER_RUN_DATE, "vuosi on ajopäivän {} jälkeen", "året är senare än körningsdatumet {}"),
        (
            MUNICIPALITY_MISSING,
            "täytä asiakkaan kotikunta tai anna tälle lähteelle putkitiedostossa `municipality`",
            "fyll i klientens hemkommun eller ange `municipality` för den här källan i pipelinefilen",
        ),
        (DID_YOU_MEAN, "tarkoititko {}?", "menade du {}?"),
        (CLIENTS_WHOLE, "kirjoita henkilöiden määrä kokonaislukuna", "skriv antalet personer som ett heltal"),
        (
            CLIENTS_AT_LEAST_ONE,
            "tapahtumassa on vähintään yksi henkilö; jätä tyhjäksi, jos henkilöitä on yksi",
            "en händelse gäller minst en person; lämna tomt för en",
        ),
        (CLIENTS_TOO_MANY, "yli 100 000 henkilöä yhdessä tapahtumassa", "över 100 000 personer i en händelse"),
        (CLIENTS_DIGITS, "kirjoita henkilöiden määrä numeroin, esim. 15", "skriv antalet personer med siffror, t.ex. 15"),
        (DURATION_NEGATIVE, "kesto ei voi olla negatiivinen", "en längd kan inte vara negativ"),
        (
            DURATION_TOO_LONG,
            "yli 24 tuntia: kirjoita minuutit (90) tai h:mm (1:30)",
            "över 24 timmar: skriv minuter (90) eller h:mm (1:30)",
        ),
        (DURATION_FORMAT, "kirjoita minuutit (45), h:mm (1:30) tai tunnit (1,5 h)", "skriv minuter (45), h:mm (1:30) eller timmar (1,5 h)"),
        (
            AGE_FORMAT,
            "kirjoita ikä (67), syntymävuosi (1957) tai ikäryhmä: alle 30, 30–64, 65–74, 75+",
            "skriv en ålder (67), ett födelseår (1957) eller en åldersgrupp: under 30, 30–64, 65–74, 75+",
        ),
        (YEAR_MISSING, "kirjoita vuosi, jota vastaus koskee, esim. 2024", "skriv året som svaret gäller, t.ex. 2024"),
        (YEAR_FORMAT, "kirjoita vuosi neljällä numerolla, esim. 2024", "skriv året med fyra siffror, t.ex. 2024"),
        (DATE_OR_YEAR, "jokainen vastaus tarvitsee päivämäärän tai vuosisarakkeen", "varje svar behöver sitt datum eller en årskolumn"),
        (ANSWER_DATE, "jokainen vastaus tarvitsee päivämääränsä", "varje svar behöver sitt datum"),
        (SURVEY_MUNICIPALITY, "kirjoita kunta, jota vastaus koskee", "skriv kommunen som svaret gäller"),
        (ANSWER_WORDS, "vastaa kyllä, ei, osittain tai en tiedä", "svara ja, nej, delvis eller vet ej"),
        (SUPPORT_POINTS_WHOLE, "kirjoita tukipisteiden määrä kokonaislukuna, esim. 3", "skriv antalet stödpunkter som ett heltal, t.ex. 3"),
    ]
};

/// A rejected row's advice (as a reader wrote it, in English) in the report language; a
/// text that is none of the readers' sentences is shown as it is.
pub fn advice(lang: &str, english: &str) -> String {
    if lang != "en" {
        for (sentence, fi, sv) in ADVICE {
            if let Some(value) = digihyte_core::advice::value_in(sentence, english) {
                return digihyte_core::advice::fill(if lang == "sv" { sv } else { fi }, value);
            }
        }
    }
    english.to_string()
}

/// The label of a key of a dimension (`topic`, `channel`, `provider_type`, `age_group`): the
/// one wording of each key in workbooks, charts, documents and input templates alike.
pub fn key_label(dim: &str, key: &str, lang: &str) -> String {
    t(lang, &format!("{dim}.{key}"))
}

/// `t` with `{name}` placeholders filled.
pub fn tf(lang: &str, key: &str, args: &[(&str, String)]) -> String {
    let mut s = t(lang, key);
    for (k, v) in args {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

// ---------------------------------------------------------------------------------------
// Number formatting
// ---------------------------------------------------------------------------------------

/// Thousands separator of Finnish and Swedish numbers: U+202F NARROW NO-BREAK SPACE, the
/// thin space that Finnish and Swedish typography ask for, which never breaks a number
/// across lines (the embedded chart font has it; word processors fall back to a font that
/// has it).
pub const THOUSANDS_SEP: char = '\u{202F}';

fn uses_decimal_comma(lang: &str) -> bool {
    let l = lang.trim().to_ascii_lowercase();
    l.starts_with("fi") || l.starts_with("sv")
}

/// Number formatting of the report language: "fi" and "sv" (also "fi-FI", "sv-FI") use a
/// decimal comma and U+00A0 (no-break space) as thousands separator; every other language
/// ("en") uses "." and ",".
///
/// Rounding is half away from zero on the decimal value as written with 15 significant
/// digits, as Excel shows it (`0.145` with 2 decimals → `0,15`, `2.5` with 0 → `3`).
/// Negative numbers use an ASCII "-"; a value that rounds to zero has no sign.
/// Non-finite values (NaN, ±∞) give "–" (en dash), the "no value" mark.
pub fn format_number(value: f64, decimals: usize, lang: &str) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let decimals = decimals.min(15);
    let (dec_mark, group_sep) = if uses_decimal_comma(lang) { (',', THOUSANDS_SEP) } else { ('.', ',') };
    let digits = rounded_digits(value.abs(), decimals);
    let is_zero = digits.bytes().all(|b| b == b'0');
    let padded = if digits.len() <= decimals { format!("{}{}", "0".repeat(decimals + 1 - digits.len()), digits) } else { digits };
    let (int_part, frac_part) = padded.split_at(padded.len() - decimals);

    let mut out = String::with_capacity(padded.len() + padded.len() / 3 + 3);
    if value < 0.0 && !is_zero {
        out.push('-');
    }
    let n = int_part.len();
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(group_sep);
        }
        out.push(ch);
    }
    if decimals > 0 {
        out.push(dec_mark);
        out.push_str(frac_part);
    }
    out
}

/// A share (0.125) as a percentage of the report language: "12,5 %" in fi/sv (a no-break
/// space before the sign, as Finnish and Swedish style guides ask) and "12.5%" in en.
pub fn format_percent(share: f64, decimals: usize, lang: &str) -> String {
    if !share.is_finite() {
        return "–".to_string();
    }
    let number = format_number(share * 100.0, decimals, lang);
    if uses_decimal_comma(lang) {
        format!("{number}\u{A0}%")
    } else {
        format!("{number}%")
    }
}

/// The sort key of a name in the Finnish and Swedish alphabet (å, ä, ö after z; case and
/// other accents aside): municipalities are listed by their name in the report language,
/// so that Uleåborg comes after Tyrnävä in Swedish, not where Oulu stands in Finnish.
pub fn name_key(name: &str) -> Vec<u32> {
    digihyte_core::text::fold(name)
        .chars()
        .map(|c| match c {
            'å' => 'z' as u32 + 1,
            'ä' | 'æ' => 'z' as u32 + 2,
            'ö' | 'ø' => 'z' as u32 + 3,
            c => c as u32,
        })
        .collect()
}

/// `value` as [`format_number`] writes it with `decimals` decimals (the same rounding), as a
/// number: what a reader of the label sees.
pub(crate) fn rounded(value: f64, decimals: usize) -> f64 {
    if !value.is_finite() {
        return value;
    }
    let decimals = decimals.min(15);
    let shown = rounded_digits(value.abs(), decimals).parse::<f64>().unwrap_or(0.0) / 10f64.powi(decimals as i32);
    if value < 0.0 {
        -shown
    } else {
        shown
    }
}

/// The digits of `round(abs × 10^decimals)` (half away from zero), without leading zeros
/// ("0" for zero). `abs` must be finite and non-negative.
fn rounded_digits(abs: f64, decimals: usize) -> String {
    // 15 significant digits remove binary noise such as 0.145 = 0.14499999999999999.
    let sci = format!("{:.14e}", abs);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mantissa: u128 = mantissa.replace('.', "").parse().unwrap_or(0);
    let k = exp - 14 + decimals as i32;
    if k >= 0 {
        if k > 20 {
            // Above 10^20: far beyond any statistic; plain formatting is good enough.
            let plain = format!("{:.*}", decimals, abs);
            return plain.replace('.', "");
        }
        (mantissa * 10u128.pow(k as u32)).to_string()
    } else {
        let p = (-k) as u32;
        if p > 38 {
            return "0".to_string();
        }
        let pow = 10u128.pow(p);
        let mut q = mantissa / pow;
        if (mantissa % pow) * 2 >= pow {
            q += 1;
        }
        q.to_string()
    }
}

pub(crate) fn localized<'a>(lang: &str, fi: &'a str, sv: &'a str, en: &'a str) -> &'a str {
    let l = lang.trim().to_ascii_lowercase();
    if l.starts_with("fi") {
        fi
    } else if l.starts_with("sv") {
        sv
    } else {
        en
    }
}

/// Decimals that show a value range without rounding it all to zero.
pub(crate) fn decimals_for(max: f64) -> usize {
    match max {
        m if m >= 10.0 => 1,
        m if m >= 1.0 => 1,
        m if m >= 0.1 => 2,
        _ => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every sentence of the readers' advice is there in Finnish and Swedish, with its value
    /// where the English has it.
    #[test]
    fn every_advice_has_finnish_and_swedish() {
        for sentence in digihyte_core::advice::ALL {
            let (_, fi, sv) = ADVICE.iter().find(|a| a.0 == *sentence).unwrap_or_else(|| panic!("no translation of {sentence:?}"));
            for x in [fi, sv] {
                assert_eq!(x.matches("{}").count(), sentence.matches("{}").count(), "{x}");
            }
        }
        assert_eq!(ADVICE.len(), digihyte_core::advice::ALL.len());
        let filled = digihyte_core::advice::fill(digihyte_core::advice::DID_YOU_MEAN, "Oulu (564)");
        assert_eq!(advice("fi", &filled), "tarkoititko Oulu (564)?");
        assert_eq!(advice("sv", &filled), "menade du Oulu (564)?");
        assert_eq!(advice("en", &filled), filled);
        assert_eq!(advice("fi", digihyte_core::advice::DATE_FORMAT), "kirjoita päivämäärä muodossa 1.3.2024 tai 2024-03-01");
        assert_eq!(advice("fi", "something else"), "something else");
    }

    /// The workbooks and the web app say why a row was rejected in words, for every reason.
    #[test]
    fn every_reject_reason_has_a_label() {
        for r in digihyte_core::RejectReason::ALL {
            let key = format!("reason_{}", r.key());
            assert!(LABELS.iter().any(|l| l.0 == key), "no label for {key}");
            assert_ne!(reason("sv", r.key()), key);
        }
    }

    #[test]
    fn every_label_has_three_languages_and_unique_key() {
        let mut keys = std::collections::HashSet::new();
        for l in LABELS {
            assert!(keys.insert(l.0), "duplicate {}", l.0);
            assert!(!l.1.is_empty() && !l.2.is_empty() && !l.3.is_empty(), "{}", l.0);
        }
        assert_eq!(t("sv", "sheet_reach"), "Räckvidd");
        assert_eq!(tf("en", "suppressed_note", &[("n", "5".into())]).matches("5").count(), 2);
    }

    /// `rounded` is the number `format_number` writes, digit for digit.
    #[test]
    fn rounded_is_the_written_number() {
        for (v, d) in [(10.6, 0), (10.5, 0), (10.49, 0), (0.145, 2), (-2.35, 1), (1234.5678, 2), (0.0, 0), (39.95, 1)] {
            let written: f64 = format_number(v, d, "en").replace(',', "").parse().unwrap();
            assert_eq!(rounded(v, d), written, "{v} with {d} decimals");
        }
        assert_eq!(rounded(10.6, 0), 11.0);
        assert_eq!(rounded(0.145, 2), 0.15);
    }
}
