using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatRoom.Core.Tests;

/// <summary>The text limit has to agree with the messenger's frame limit: one message cannot be cut.</summary>
public sealed class FrameBudgetValidatorTests
{
    [Fact]
    public void Startup_MessageLengthAFrameCannotCarry_FailsNamingTheSettingAndTheLongestAllowed()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Build(o => o.MaxMessageLength = 30_000, frameBytes: 128 * 1024));

        Assert.Contains("ChatRoom:MaxMessageLength is 30000", error.Message, StringComparison.Ordinal);
        Assert.Contains("131072 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("Lower MaxMessageLength to 20821 or less", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4_000, 32 * 1024)]
    [InlineData(20_821, 128 * 1024)]
    public void Startup_MessageLengthThatFits_Starts(int maxMessageLength, int frameBytes)
    {
        using var services = Build(o => o.MaxMessageLength = maxMessageLength, frameBytes);

        Assert.NotNull(services.GetRequiredService<IChatEngine>());
    }

    [Fact]
    public async Task SendMessage_LongestMessageOfWidestCharacters_FitsInAFrameBesideItsReplies()
    {
        // Every code unit of the text takes 3 bytes, and every other field is at its longest.
        await using var host = ChatTestHost.Create(
            o => o.MaxMessageLength = 9_800,
            services => services.Configure<InProcessMessengerOptions>(o => o.MaxFrameBytes = 64 * 1024));
        var alice = await host.ConnectAsync(new string('名', 32));
        await alice.JoinAsync(new string('r', 64));
        var text = new string('字', 9_800);

        var ack = await alice.SayAsync(new string('r', 64), text, new string('\u0001', 64));
        var joined = await alice.JoinAsync(new string('r', 64));

        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(ack.GetRawText()), 29_400, (64 * 1024 / 2) - 1024);
        Assert.Equal(text, Frames.String(Assert.Single(Frames.Array(joined, "messages")), "text"));
    }

    private static ServiceProvider Build(Action<ChatRoomOptions> configure, int frameBytes)
    {
        var services = new ServiceCollection()
            .AddChatRoom(configure)
            .AddInMemory()
            .Services.Configure<InProcessMessengerOptions>(o => o.MaxFrameBytes = frameBytes)
            .BuildServiceProvider();
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return services;
        }
        catch
        {
            services.Dispose();
            throw;
        }
    }
}
