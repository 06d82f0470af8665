using System.Net;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests;

/// <summary>The sample host's HTTP side: the page, its headers and the health check.</summary>
[Trait("Category", "Integration")]
public sealed class SampleAppTests(SampleHostFixture fixture) : IClassFixture<SampleHostFixture>
{
    [Fact]
    public async Task Healthz_Running_Returns200Healthy()
    {
        using var http = new HttpClient { BaseAddress = fixture.Host.BaseAddress };

        using var response = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Config_NoSigningKey_SaysAnonymousModeAndThe30SecondKeepAliveWithoutAUrl()
    {
        using var http = new HttpClient { BaseAddress = fixture.Host.BaseAddress };

        using var response = await http.GetAsync("/config");

        Assert.Equal("""{"tokens":false,"tokenRequired":false,"keepAliveSeconds":30}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Root_Get_ServesThePageWithItsSecurityHeaders()
    {
        using var http = new HttpClient { BaseAddress = fixture.Host.BaseAddress };

        using var response = await http.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>ChatRoom</title>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"messages\"", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/styles.css", "text/css")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task StaticFile_Get_ServedWithItsContentType(string path, string mediaType)
    {
        using var http = new HttpClient { BaseAddress = fixture.Host.BaseAddress };

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Ws_PlainHttpGet_Returns400()
    {
        using var http = new HttpClient { BaseAddress = fixture.Host.BaseAddress };

        using var response = await http.GetAsync("/ws");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
