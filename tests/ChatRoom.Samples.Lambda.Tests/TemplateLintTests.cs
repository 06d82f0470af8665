using System.ComponentModel;
using System.Diagnostics;

namespace ChatRoom.Samples.Lambda.Tests;

/// <summary>
/// The SAM template passes <c>cfn-lint</c>, which runs the SAM transform and checks the result against the
/// CloudFormation resource specification: property names and types, intrinsic functions, references, conditions and
/// dependency cycles, which a YAML reading of the template cannot see.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TemplateLintTests
{
    [Fact]
    public async Task Template_CfnLint_ReportsNothing()
    {
        var start = new ProcessStartInfo("cfn-lint")
        {
            ArgumentList = { "--format", "parseable", Path.Combine(AppContext.BaseDirectory, "template.yaml") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("cfn-lint is not on PATH; it comes with this machine's Python (pip packages cfn-lint and aws-sam-translator).", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"cfn-lint exited {process.ExitCode}:\n{await output}\n{await errors}");
        }
    }
}
