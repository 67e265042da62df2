namespace BudgetWeb.Data.Entities;

/// <summary>A user's mapping for one bank's files, found again by the file's header and offered pre-filled next time.</summary>
public class ImportProfile
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";

    /// <summary>SHA-256 of the header's column names, hex: the same bank's next export has the same header.</summary>
    public string HeaderHash { get; set; } = "";

    /// <summary>The confirmed format (columns, delimiter, decimal separator, date format, signs) as JSON.</summary>
    public string Format { get; set; } = "";

    public DateTime UpdatedAt { get; set; }
}
