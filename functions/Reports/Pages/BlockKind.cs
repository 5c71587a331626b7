namespace FosteringWorkflows.Reports.Pages;

/// <summary>What a part of a report page is.</summary>
public enum BlockKind
{
    Heading,
    Lead,
    Paragraph,
    Link,
    Table,
    HorizontalBars,
    Columns,
}
