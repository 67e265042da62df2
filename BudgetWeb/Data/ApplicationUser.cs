using Microsoft.AspNetCore.Identity;

namespace BudgetWeb.Data;

public class ApplicationUser : IdentityUser
{
    public DateTime RegisteredAt { get; set; }
}
