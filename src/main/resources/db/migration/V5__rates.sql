-- Coverage rates (amo-rules §4.3) as dated configuration: which share of the base (TNR, PRIX_BR, forfait) is paid,
-- by rate set, regime, sector, line type, ALD link and generic flag. Rows marked LIKELY or UNSURE are
-- illustrative until CNSS confirms them; settlement reads the active rate set at the date of care.
create table ref_rate (
    rate_set    text          not null,           -- DEFAULT (CNSS page: 70 %) or BOARD_2019 (80 % / 90 % variant)
    regime      text          not null,           -- ANY, TADAMON, TNS...
    sector      text          not null,           -- ANY, PUBLIC, PRIVATE
    line_type   text          not null,           -- ANY, ACT, MEDICINE, DEVICE, DAY_RATE
    ald_linked  boolean       not null,
    generic     boolean       not null,
    valid_from  date          not null,
    valid_to    date,
    rate_pct    numeric(5, 2) not null check (rate_pct between 0 and 100),
    confidence  text          not null check (confidence in ('CONFIRMED', 'LIKELY', 'UNSURE')),
    source      text          not null,
    primary key (rate_set, regime, sector, line_type, ald_linked, generic, valid_from)
);
