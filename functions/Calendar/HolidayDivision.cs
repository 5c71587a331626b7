namespace FosteringWorkflows.Calendar;

/// <summary>The three GOV.UK bank-holiday divisions; each names its key in bank-holidays.json.</summary>
public enum HolidayDivision
{
    EnglandAndWales,
    Scotland,
    NorthernIreland,
}
