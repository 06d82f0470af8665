namespace ChatRoom.Core.Tests;

/// <summary>The documented defaults.</summary>
public sealed class ChatRoomOptionsTests
{
    [Fact]
    public void Constructor_Defaults_AreTheDocumentedValues()
    {
        var options = new ChatRoomOptions();

        Assert.Equal("ChatRoom", ChatRoomOptions.SectionName);
        Assert.Equal("general", options.DefaultRoom);
        Assert.Equal(4000, options.MaxMessageLength);
        Assert.Equal(16, options.MaxRoomsPerConnection);
        Assert.Equal(10, options.RateLimitPerSecond);
        Assert.Equal(20, options.RateLimitBurst);
        Assert.Equal(50, options.JoinHistoryCount);
        Assert.Equal(500, options.MaxRecoveryCount);
        Assert.Equal(1000, options.MaxMembersListed);
        Assert.Equal(1000, options.BroadcastPageSize);
        Assert.Equal(128, options.BroadcastConcurrency);
    }
}
