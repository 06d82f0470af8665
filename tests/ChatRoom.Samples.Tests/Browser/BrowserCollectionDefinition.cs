namespace ChatRoom.Samples.Tests.Browser;

/// <summary>The browser tests share one Chromium and run one at a time (the machine has two cores).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollectionDefinition : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
