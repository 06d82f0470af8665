namespace ChatRoom.Samples.Tests.Browser;

/// <summary>Where tests leave files for people: <c>$CHATROOM_ARTIFACTS</c>, or <c>TestResults/</c> in the test output folder.</summary>
public static class Artifacts
{
    public static string Root =>
        Environment.GetEnvironmentVariable("CHATROOM_ARTIFACTS") is { Length: > 0 } root
            ? root
            : Path.Combine(AppContext.BaseDirectory, "TestResults");

    /// <summary>Gets <c>screenshots/{fileName}</c> under <see cref="Root"/>; Playwright creates the folder.</summary>
    public static string Screenshot(string fileName) => Path.Combine(Root, "screenshots", fileName);
}
