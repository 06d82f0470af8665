using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ChatRoom.Benchmarks;

/// <summary>Allocated bytes per operation divided by the room size: must stay a small constant as rooms grow.</summary>
public sealed class BytesPerRecipientColumn : IColumn
{
    public string Id => nameof(BytesPerRecipientColumn);

    public string ColumnName => "B/recipient";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Size;

    public string Legend => "Allocated bytes per operation / RoomSize";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var size = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "RoomSize")?.Value as int?;
        var report = summary[benchmarkCase];
        if (size is not int recipients || report?.GcStats is not { } gc)
        {
            return "-";
        }

        var bytes = gc.GetBytesAllocatedPerOperation(benchmarkCase);
        return bytes is long b ? (b / (double)recipients).ToString("N1", System.Globalization.CultureInfo.InvariantCulture) : "-";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
