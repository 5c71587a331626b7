using System.Text;
using Azure.Data.Tables;

namespace FosteringWorkflows.Storage;

/// <summary>
/// Text longer than one property holds (a row of figures, a council's work index) kept in one row, split over properties
/// <c>{prefix}0</c>, <c>{prefix}1</c>, … A string property holds 64 KiB (32,000 UTF-16 characters) and an entity 1 MiB,
/// so a row holds at most <see cref="MaxChunks"/> chunks of <see cref="ChunkChars"/> characters beside its keys.
/// </summary>
public static class ChunkedText
{
    public const int ChunkChars = 30_000;

    public const int MaxChunks = 15;

    /// <summary>The text a row read whole holds under the prefix (empty when it holds none).</summary>
    public static string TextOf(TableEntity row, string prefix)
    {
        var text = new StringBuilder();
        for (var i = 0; row.GetString($"{prefix}{i}") is { } chunk; i++)
        {
            text.Append(chunk);
        }

        return text.ToString();
    }

    /// <summary>A row holding the text; text too long for one row is a fault of sizing (more shards), said in the exception.</summary>
    public static TableEntity Row(string partition, string rowKey, string prefix, string text)
    {
        if (text.Length > ChunkChars * MaxChunks)
        {
            throw new InvalidOperationException($"Row {partition} would pass {ChunkChars * MaxChunks} characters; raise StorageAccount.Shards.");
        }

        var row = new TableEntity(partition, rowKey);
        for (var i = 0; i * ChunkChars < text.Length; i++)
        {
            row[$"{prefix}{i}"] = text.Substring(i * ChunkChars, Math.Min(ChunkChars, text.Length - (i * ChunkChars)));
        }

        return row;
    }
}
