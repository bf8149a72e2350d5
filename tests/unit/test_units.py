"""The 2021 administrative units, as routing and unit scopes read them."""

from phananh_common.units import COMMUNE, DISTRICT, PROVINCE, UNITS_FILE, units


def test_dong_nai_has_its_eleven_district_level_units():
    districts = units().children("75")
    assert [d.code for d in districts] == [
        "731", "732", "734", "735", "736", "737", "738", "739", "740", "741", "742",
    ]  # fmt: skip
    assert {d.level for d in districts} == {DISTRICT}
    assert units().get("75").level == PROVINCE
    assert len(units().children()) == 63


def test_a_commune_lies_inside_its_district_and_province_only():
    assert units().get("25993").level == COMMUNE
    assert units().ancestors("25993") == ["25993", "731", "75"]
    assert units().covers("75", "25993")
    assert units().covers("731", "25993")
    assert units().covers("25993", "25993")
    assert not units().covers("732", "25993")
    assert not units().covers("25993", "731")
    assert not units().covers("75", "99999")


def test_the_committed_table_is_what_the_package_gives(tmp_path):
    """The data file is generated (tools/units_2021.py): a newer package must be regenerated,
    not edited by hand."""
    from tools.units_2021 import rows_of_package, write

    write(rows_of_package(), tmp_path / "units.csv")
    assert (tmp_path / "units.csv").read_bytes() == UNITS_FILE.read_bytes()
