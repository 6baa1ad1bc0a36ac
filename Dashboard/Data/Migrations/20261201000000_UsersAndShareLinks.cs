using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Ablation.Dashboard.Data.Migrations;

// Written by hand like Initial: ASP.NET Core Identity's user tables (IdentityUserContext, schema
// version 1, no roles), personal API tokens and study share links (docs/security.md).
[DbContext(typeof(AblationDb))]
[Migration("20261201000000_UsersAndShareLinks")]
public sealed class UsersAndShareLinks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AspNetUsers",
            columns: t => new
            {
                Id = t.Column<string>(type: "TEXT", nullable: false),
                UserName = t.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                NormalizedUserName = t.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                Email = t.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                NormalizedEmail = t.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                EmailConfirmed = t.Column<bool>(type: "INTEGER", nullable: false),
                PasswordHash = t.Column<string>(type: "TEXT", nullable: true),
                SecurityStamp = t.Column<string>(type: "TEXT", nullable: true),
                ConcurrencyStamp = t.Column<string>(type: "TEXT", nullable: true),
                PhoneNumber = t.Column<string>(type: "TEXT", nullable: true),
                PhoneNumberConfirmed = t.Column<bool>(type: "INTEGER", nullable: false),
                TwoFactorEnabled = t.Column<bool>(type: "INTEGER", nullable: false),
                LockoutEnd = t.Column<string>(type: "TEXT", nullable: true),
                LockoutEnabled = t.Column<bool>(type: "INTEGER", nullable: false),
                AccessFailedCount = t.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_AspNetUsers", x => x.Id));

        migrationBuilder.CreateTable(
            name: "AspNetUserClaims",
            columns: t => new
            {
                Id = t.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                UserId = t.Column<string>(type: "TEXT", nullable: false),
                ClaimType = t.Column<string>(type: "TEXT", nullable: true),
                ClaimValue = t.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                t.ForeignKey("FK_AspNetUserClaims_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserLogins",
            columns: t => new
            {
                LoginProvider = t.Column<string>(type: "TEXT", nullable: false),
                ProviderKey = t.Column<string>(type: "TEXT", nullable: false),
                ProviderDisplayName = t.Column<string>(type: "TEXT", nullable: true),
                UserId = t.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                t.ForeignKey("FK_AspNetUserLogins_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserTokens",
            columns: t => new
            {
                UserId = t.Column<string>(type: "TEXT", nullable: false),
                LoginProvider = t.Column<string>(type: "TEXT", nullable: false),
                Name = t.Column<string>(type: "TEXT", nullable: false),
                Value = t.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                t.ForeignKey("FK_AspNetUserTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "ApiTokens",
            columns: t => new
            {
                Id = t.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                UserId = t.Column<string>(type: "TEXT", nullable: false),
                Name = t.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                TokenHash = t.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                CreatedAt = t.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_ApiTokens", x => x.Id);
                t.ForeignKey("FK_ApiTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "ShareLinks",
            columns: t => new
            {
                Id = t.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                StudyId = t.Column<int>(type: "INTEGER", nullable: false),
                TokenHash = t.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                ProtectedToken = t.Column<string>(type: "TEXT", nullable: false),
                CreatedBy = t.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                CreatedAt = t.Column<string>(type: "TEXT", nullable: false),
                RevokedAt = t.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_ShareLinks", x => x.Id);
                t.ForeignKey("FK_ShareLinks_Studies_StudyId", x => x.StudyId, "Studies", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("EmailIndex", "AspNetUsers", "NormalizedEmail");
        migrationBuilder.CreateIndex("UserNameIndex", "AspNetUsers", "NormalizedUserName", unique: true);
        migrationBuilder.CreateIndex("IX_AspNetUserClaims_UserId", "AspNetUserClaims", "UserId");
        migrationBuilder.CreateIndex("IX_AspNetUserLogins_UserId", "AspNetUserLogins", "UserId");
        migrationBuilder.CreateIndex("IX_ApiTokens_TokenHash", "ApiTokens", "TokenHash", unique: true);
        migrationBuilder.CreateIndex("IX_ApiTokens_UserId", "ApiTokens", "UserId");
        migrationBuilder.CreateIndex("IX_ShareLinks_TokenHash", "ShareLinks", "TokenHash", unique: true);
        migrationBuilder.CreateIndex("IX_ShareLinks_StudyId", "ShareLinks", "StudyId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("ShareLinks");
        migrationBuilder.DropTable("ApiTokens");
        migrationBuilder.DropTable("AspNetUserTokens");
        migrationBuilder.DropTable("AspNetUserLogins");
        migrationBuilder.DropTable("AspNetUserClaims");
        migrationBuilder.DropTable("AspNetUsers");
    }
}
