using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatRoom.Core.Tests;

/// <summary>Invalid options fail at start-up with a message naming the setting.</summary>
public sealed class ChatRoomOptionsValidatorTests
{
    [Theory]
    [InlineData(nameof(ChatRoomOptions.MaxMessageLength), 0)]
    [InlineData(nameof(ChatRoomOptions.MaxMessageLength), 1_000_001)]
    [InlineData(nameof(ChatRoomOptions.MaxRoomsPerConnection), 0)]
    [InlineData(nameof(ChatRoomOptions.RateLimitPerSecond), 0)]
    [InlineData(nameof(ChatRoomOptions.RateLimitBurst), -1)]
    [InlineData(nameof(ChatRoomOptions.JoinHistoryCount), -1)]
    [InlineData(nameof(ChatRoomOptions.JoinHistoryCount), 1001)]
    [InlineData(nameof(ChatRoomOptions.MaxRecoveryCount), 0)]
    [InlineData(nameof(ChatRoomOptions.MaxMembersListed), -1)]
    [InlineData(nameof(ChatRoomOptions.BroadcastPageSize), 0)]
    [InlineData(nameof(ChatRoomOptions.BroadcastConcurrency), 0)]
    public void StartupValidator_NumberOutOfRange_FailsNamingTheSetting(string setting, int value)
    {
        using var provider = Build(o => typeof(ChatRoomOptions).GetProperty(setting)!.SetValue(o, value));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains($"ChatRoom:{setting} is {value}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsValue_MaxMessageLengthZero_FailsNamingTheSetting()
    {
        using var provider = Build(o => o.MaxMessageLength = 0);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ChatRoomOptions>>().Value);

        Assert.Contains("MaxMessageLength", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveEngine_InvalidOptions_Throws()
    {
        using var provider = Build(o => o.MaxMessageLength = 0);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IChatEngine>());

        Assert.Contains("MaxMessageLength", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad room!")]
    [InlineData("a/b")]
    [InlineData(" general")]
    public void StartupValidator_InvalidDefaultRoom_FailsNamingTheSetting(string room)
    {
        using var provider = Build(o => o.DefaultRoom = room);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("ChatRoom:DefaultRoom", error.Message, StringComparison.Ordinal);
        Assert.Contains(room, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupValidator_SeveralInvalidSettings_NamesEachOne()
    {
        using var provider = Build(o =>
        {
            o.MaxMessageLength = 0;
            o.BroadcastConcurrency = 0;
            o.DefaultRoom = "bad room!";
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("MaxMessageLength", error.Message, StringComparison.Ordinal);
        Assert.Contains("BroadcastConcurrency", error.Message, StringComparison.Ordinal);
        Assert.Contains("DefaultRoom", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupValidator_EdgeValues_Succeed()
    {
        using var provider = Build(o =>
        {
            o.DefaultRoom = "";
            o.JoinHistoryCount = 0;
            o.MaxMembersListed = 0;
            o.MaxMessageLength = 1;
            o.MaxRoomsPerConnection = 1;
            o.MaxRecoveryCount = 10_000;
        });

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(0, provider.GetRequiredService<IOptions<ChatRoomOptions>>().Value.JoinHistoryCount);
    }

    [Theory]
    [InlineData("private.", "ops", "not a private room name")]
    [InlineData("private.", "private.bad room", "not a private room name")]
    [InlineData("", "private.ops", "not a private room name")]
    [InlineData("bad prefix", "bad prefix.x", "PrivateRoomPrefix")]
    public void AddChatRoom_BadPrivateRooms_FailsAtStartup(string prefix, string room, string expected)
    {
        using var provider = new ServiceCollection().AddChatRoom(o =>
        {
            o.PrivateRoomPrefix = prefix;
            o.PrivateRooms[room] = ["alice"];
        }).AddInMemory().Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddChatRoom_PrivateRoomListsInvalidUserId_FailsAtStartup()
    {
        using var provider = new ServiceCollection().AddChatRoom(o => o.PrivateRooms["private.ops"] = ["alice", "bad\u0000id"])
            .AddInMemory().Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("ChatRoom:PrivateRooms:private.ops must list user ids", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Action<ChatRoomOptions> configure) =>
        new ServiceCollection().AddChatRoom(configure).AddInMemory().Services.BuildServiceProvider();
}
