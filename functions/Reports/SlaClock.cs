namespace FosteringWorkflows.Reports;

/// <summary>
/// One clock's cohort: of those <see cref="Started"/>, each is met, stopped late, cancelled (the journey ended, or the clock was
/// re-timed: <see cref="Cancelled"/>) or still open; <see cref="Breached"/> counts those that passed their due time, stopped
/// late or not.
/// </summary>
public sealed record SlaClock(
    string Clock, string Unit, int Started, int Met, int Breached, int Open, int OpenOverdue,
    double? MedianHours, double? P90Hours, double? Median, double? P90, int Cancelled);
