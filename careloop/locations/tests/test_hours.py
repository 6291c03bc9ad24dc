import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from careloop.locations.public import access_location_by_id, do_set_location_status, list_locations

from .helpers import (
    ALL_LANGUAGES,
    CHICAGO,
    add_exception,
    at,
    future_weekday,
    make_actor,
    make_location,
)

pytestmark = pytest.mark.django_db

T = dt.time
UTC = dt.UTC


@pytest.fixture
def admin():
    return make_actor()


def test_weekly_hours_are_read_in_the_location_time_zone(admin):
    loc = make_location(admin)
    view = access_location_by_id(admin, loc.id)
    monday = future_weekday(0)
    assert view.is_open_now(at(monday, 8, 0))
    assert not view.is_open_now(at(monday, 7, 59))
    assert view.is_open_now(at(monday, 16, 59))
    assert not view.is_open_now(at(monday, 17, 0))
    assert not view.is_open_now(at(future_weekday(6), 12))  # Sunday
    # The same instant expressed in UTC gives the same answer.
    assert view.is_open_now(at(monday, 8, 30).astimezone(UTC))


def test_same_instant_differs_between_time_zones(admin):
    chicago = access_location_by_id(admin, make_location(admin).id)
    la = access_location_by_id(admin, make_location(admin, time_zone="America/Los_Angeles").id)
    instant = at(future_weekday(2), 9, 30)  # 09:30 in Chicago is 07:30 in Los Angeles
    assert chicago.is_open_now(instant)
    assert not la.is_open_now(instant)
    assert la.is_open_now(instant + dt.timedelta(hours=1))


def test_opening_follows_daylight_saving_time(admin):
    view = access_location_by_id(admin, make_location(admin).id)
    year = dt.date.today().year + 1
    # Second Sunday of March: US clocks go forward; the Monday after, 08:00 CDT is 13:00 UTC.
    march = dt.date(year, 3, 1)
    dst_monday = march + dt.timedelta(days=(6 - march.weekday()) % 7 + 8)
    assert dst_monday.weekday() == 0
    assert view.is_open_now(dt.datetime.combine(dst_monday, T(13, 0), tzinfo=UTC))
    # The Friday before, 13:00 UTC is still 07:00 CST: closed.
    friday = dst_monday - dt.timedelta(days=3)
    assert not view.is_open_now(dt.datetime.combine(friday, T(13, 0), tzinfo=UTC))
    assert view.is_open_now(dt.datetime.combine(friday, T(14, 0), tzinfo=UTC))


def test_several_intervals_a_day_close_for_lunch(admin):
    hours = [(d, o, c) for d in range(5) for o, c in ((T(8), T(12)), (T(13), T(17)))]
    view = access_location_by_id(admin, make_location(admin, hours=hours).id)
    tuesday = future_weekday(1)
    assert view.is_open_now(at(tuesday, 11, 59))
    assert not view.is_open_now(at(tuesday, 12, 30))
    assert view.is_open_now(at(tuesday, 13, 0))
    opening = view.opening_on(tuesday)
    assert str(opening) == "08:00–12:00, 13:00–17:00"


def test_holiday_closure_overrides_weekly_hours(admin):
    loc = make_location(admin)
    wednesday = future_weekday(2)
    add_exception(loc, wednesday, note="Thanksgiving Day: closed")
    view = access_location_by_id(admin, loc.id)
    assert not view.is_open_now(at(wednesday, 10))
    day = view.opening_on(wednesday)
    assert day.closed and day.is_exception and day.note == "Thanksgiving Day: closed"
    assert view.is_open_now(at(wednesday + dt.timedelta(days=1), 10))
    assert [e.date for e in view.exceptions] == [wednesday]


def test_holiday_special_hours_can_open_a_closed_day(admin):
    loc = make_location(admin)
    sunday = future_weekday(6)
    add_exception(loc, sunday, opens=T(10), closes=T(14), note="Flu shot clinic")
    view = access_location_by_id(admin, loc.id)
    assert view.is_open_now(at(sunday, 11))
    assert not view.is_open_now(at(sunday, 14))
    assert not view.is_open_now(at(sunday + dt.timedelta(days=7), 11))


def test_open_24_hours_and_its_exceptions(admin):
    loc = make_location(admin, kind="hospital", hours=[], open_24_hours=True)
    saturday = future_weekday(5)
    add_exception(loc, saturday + dt.timedelta(days=1), opens=T(6), closes=T(22))
    view = access_location_by_id(admin, loc.id)
    assert view.is_open_now(at(saturday, 3))
    midnight_minus = dt.datetime.combine(saturday, T(23, 59, 59, 500000), tzinfo=CHICAGO)
    assert view.is_open_now(midnight_minus)
    assert not view.is_open_now(at(saturday + dt.timedelta(days=1), 23))
    assert all(len(intervals) == 1 for _, intervals in view.week())


def test_today_is_the_local_date(admin):
    loc = make_location(admin, kind="urgent_care",
                        hours=[(d, T(8), T(20)) for d in range(7)])
    view = access_location_by_id(admin, loc.id)
    local_today = view.as_of.astimezone(ZoneInfo("America/Chicago")).date()
    assert view.today.date == local_today
    assert str(view.today) == "08:00–20:00"


def test_closed_status_shuts_the_doors_but_testing_only_does_not(admin):
    loc = make_location(admin, kind="urgent_care", hours=[(d, T(0), T(23, 59, 59))
                                                          for d in range(7)])
    view = do_set_location_status(admin, loc.id, "testing_only", ALL_LANGUAGES)
    assert view.status == "testing_only" and view.is_open_now()
    view = do_set_location_status(admin, loc.id, "closed", ALL_LANGUAGES)
    assert view.status == "closed" and not view.is_open_now()
    listed = {v.id: v for v in list_locations(admin)}
    assert listed[loc.id].status == "closed"


def test_naive_datetime_is_refused(admin):
    view = access_location_by_id(admin, make_location(admin).id)
    with pytest.raises(ValueError):
        view.is_open_now(dt.datetime(2030, 1, 1, 10))
