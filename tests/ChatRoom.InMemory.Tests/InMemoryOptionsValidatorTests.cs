using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatRoom.InMemory.Tests;

/// <summary>The in-memory stores' options: documented defaults, bound from configuration, checked at start-up.</summary>
public sealed class InMemoryOptionsValidatorTests
{
    [Fact]
    public void Constructor_Always_HasTheDocumentedBudget()
    {
        var options = new InMemoryOptions();

        Assert.Equal(10_000, options.MaxHistoryPerRoom);
        Assert.Equal(10_000, options.MaxRooms);
        Assert.Equal(128L * 1024 * 1024, options.MaxHistoryBytes);
    }

    [Theory]
    [InlineData("MaxHistoryPerRoom", "0")]
    [InlineData("MaxRooms", "0")]
    [InlineData("MaxRooms", "10000001")]
    [InlineData("MaxHistoryBytes", "16383")]
    [InlineData("MaxHistoryBytes", "-1")]
    public void StartupValidator_SettingOutOfRange_FailsNamingTheSetting(string setting, string value)
    {
        using var provider = Build(new() { [$"ChatRoom:InMemory:{setting}"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains($"ChatRoom:InMemory:{setting} is {value}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddInMemory_Configuration_BindsTheBudget()
    {
        using var provider = Build(new()
        {
            ["ChatRoom:InMemory:MaxRooms"] = "42",
            ["ChatRoom:InMemory:MaxHistoryBytes"] = "16384",
        });

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<InMemoryOptions>>().Value;

        Assert.Equal(42, options.MaxRooms);
        Assert.Equal(16_384, options.MaxHistoryBytes);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("ChatRoom");
        return new ServiceCollection().AddChatRoom().AddInMemory(configuration).Services.BuildServiceProvider();
    }
}
