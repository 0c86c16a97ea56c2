/**
 * ISO-3166 alpha-2 country → continent, for the study's geography (spend by billing continent).
 * Continents: Africa, Antarctica, Asia, Europe, North America (with Central America and the
 * Caribbean), Oceania, South America. Russia and Turkey count as Europe, as in UN M49 groupings.
 */
const continents: Record<string, string> = {
  Africa: 'DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW ML MR MU YT MA MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG TN UG EH ZM ZW',
  Antarctica: 'AQ BV GS HM TF',
  Asia: 'AF AM AZ BH BD BT BN KH CN CY GE HK IN ID IR IQ IL JP JO KZ KW KG LA LB MO MY MV MN MM NP KP OM PK PS PH QA SA SG KR LK SY TW TJ TH TL TM AE UZ VN YE IO CC CX',
  Europe: 'AX AL AD AT BY BE BA BG HR CZ DK EE FO FI FR DE GI GR GG HU IS IE IM IT JE XK LV LI LT LU MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH TR UA GB VA',
  'North America': 'AI AG AW BS BB BZ BM BQ VG CA KY CR CU CW DM DO SV GL GD GP GT HT HN JM MQ MX MS NI PA PR BL KN LC MF PM VC SX TT TC US UM VI',
  Oceania: 'AS AU CK FJ PF GU KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV VU WF',
  'South America': 'AR BO BR CL CO EC FK GF GY PY PE SR UY VE',
};

const byCountry = new Map<string, string>();
for (const [continent, codes] of Object.entries(continents)) {
  for (const code of codes.split(' ')) byCountry.set(code, continent);
}

/** The continent of a billing country, or null when the country is unknown or not a valid code. */
export function continentOf(country: string | null | undefined): string | null {
  if (!country) return null;
  return byCountry.get(country.toUpperCase()) ?? null;
}

export function isCountryCode(country: string): boolean {
  return byCountry.has(country.toUpperCase());
}
