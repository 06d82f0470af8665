using ChatRoom.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatRoom.Core.Tests;

/// <summary>The queue between the sends that find a connection gone and <see cref="Departures"/>, which removes it.</summary>
public sealed class GoneConnectionsTests
{
    private readonly GoneConnections _gone = new(new ChatRoomMetrics(), NullLogger<GoneConnections>.Instance);

    [Fact]
    public void Report_SameConnectionTwiceBeforeItIsRemoved_QueuesItOnce()
    {
        _gone.Report("c-1");
        Assert.True(_gone.TryTake(out var taken));
        _gone.Report("c-1");

        Assert.Equal("c-1", taken);
        Assert.False(_gone.HasQueued);
        Assert.False(_gone.TryTake(out _));
    }

    [Fact]
    public void Report_AfterTheRemovalEnded_QueuesItAgain()
    {
        _gone.Report("c-1");
        _gone.TryTake(out var taken);
        _gone.Removed(taken);

        _gone.Report("c-1");

        Assert.True(_gone.HasQueued);
        Assert.True(_gone.TryTake(out var again));
        Assert.Equal("c-1", again);
    }

    [Fact]
    public void Report_BeyondMaxPending_IsDropped()
    {
        for (var i = 0; i <= GoneConnections.MaxPending; i++)
        {
            _gone.Report($"c-{i}");
        }

        var taken = 0;
        while (_gone.TryTake(out _))
        {
            taken++;
        }

        Assert.Equal(GoneConnections.MaxPending, taken);
    }
}
