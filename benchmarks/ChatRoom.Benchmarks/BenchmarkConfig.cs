using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace ChatRoom.Benchmarks;

/// <summary>A short job (3 warm-ups, 5 iterations) so the whole suite runs in minutes on a shared 2-core machine.</summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(5).WithLaunchCount(1));
        AddColumn(new BytesPerRecipientColumn());
    }
}
