namespace FosteringWorkflows.Reports;

/// <summary>A report as a table: column names and rows of cells, for CSV and for the pages' data tables.</summary>
public interface ITabular
{
    IReadOnlyList<string> Columns { get; }

    IEnumerable<IReadOnlyList<string?>> Cells();
}
