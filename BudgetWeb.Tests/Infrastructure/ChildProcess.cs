using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace BudgetWeb.Tests.Infrastructure;

/// <summary>
/// A built project of this solution run as a separate process (<c>dotnet X.dll ...</c>), its output collected line by
/// line. Killing it sends SIGKILL: no finally blocks, no flush, like a power cut for the process.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    private ChildProcess(Process process) => _process = process;

    /// <summary>
    /// How long to wait for a child before calling it stuck: a guard against a hang, not a speed requirement. Generous,
    /// since these machines are shared (a load average of 60 on 2 cores has been seen, with app start-up taking minutes).
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(15);

    public string Output => string.Join('\n', _lines);
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="project"/>'s built dll from its own output folder (where its appsettings live).</summary>
    public static ChildProcess Start(string project, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var dll = BuiltDll(project);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var child = new ChildProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        child._process.OutputDataReceived += (_, e) => child.Received(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Received(e.Data);
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The dll of a project of this solution, built in the same configuration as these tests.</summary>
    public static string BuiltDll(string project)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory); // BudgetWeb.Tests/bin/<Configuration>/<tfm>/
        var (tfm, configuration) = (testOutput.Name, testOutput.Parent!.Name);
        var root = testOutput.Parent.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, project, "bin", configuration, tfm, project + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{project} is not built; build BudgetWeb.sln first.", dll);
    }

    /// <summary>Waits for a line of output matching <paramref name="pattern"/> and returns its first group (or the line).</summary>
    public async Task<string> WaitForLineAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern);
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((line => regex.IsMatch(line), found));
            if (_lines.FirstOrDefault(regex.IsMatch) is { } seen)
            {
                found.TrySetResult(seen);
            }
        }

        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(found.Task, exited, Task.Delay(timeout));
        if (first != found.Task)
        {
            throw new InvalidOperationException($"No line matching '{pattern}' ({(first == exited ? $"exited with {_process.ExitCode}" : "timed out")}). Output:\n{Output}");
        }

        var match = regex.Match(await found.Task);
        return match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_waiters)
        {
            _lines.Enqueue(line);
            foreach (var (match, found) in _waiters.Where(w => w.Match(line)))
            {
                found.TrySetResult(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}

/// <summary>The built BudgetWeb app as its own process: real Kestrel on a free port, with the given configuration.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private AppProcess(ChildProcess process, string baseUrl) => (_process, BaseUrl) = (process, baseUrl);

    public string BaseUrl { get; }

    public string Output => _process.Output;

    public static async Task<AppProcess> StartAsync(string dataFolder, params string[] settings)
    {
        var process = ChildProcess.Start("BudgetWeb", ["--urls", "http://127.0.0.1:0", $"--Database:DataFolder={dataFolder}", .. settings],
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        try
        {
            var url = await process.WaitForLineAsync(@"Now listening on: (http://\S+)", ChildProcess.Patience);
            return new AppProcess(process, url.TrimEnd('/'));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
