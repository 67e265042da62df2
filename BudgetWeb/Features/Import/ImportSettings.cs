namespace BudgetWeb.Features.Import;

/// <summary>The "Import" configuration section.</summary>
public sealed class ImportSettings
{
    public const string Section = "Import";

    /// <summary>The largest CSV file accepted.</summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The one message for a file over <see cref="MaxBytes"/>, whether the page or the service notices.</summary>
    public string TooLarge => $"The file is larger than {MaxBytes / (1024 * 1024)} MB.";
}
