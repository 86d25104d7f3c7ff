using System.Diagnostics;

namespace DicomAiNode.Dicom.Tests;

/// <summary>
/// Bounded waits for peer processes. <see cref="Process.WaitForExitAsync(CancellationToken)"/> also waits for the end
/// of redirected output, which never comes while another process holds the pipe open; a process that has exited
/// counts as exited here, and one that has not fails the test instead of hanging the suite. Also compiled into the
/// node's tests.
/// </summary>
internal static class ProcessExit
{
    public static async Task WaitAsync(Process process, TimeSpan limit, string what)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            if (!process.HasExited) Assert.Fail($"{what} did not exit within {limit.TotalSeconds:0} s");
        }
    }
}
