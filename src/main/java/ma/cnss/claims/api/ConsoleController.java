package ma.cnss.claims.api;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The adjusters' console is a static page over the review API: {@code /console} leads to it. */
@Controller
public class ConsoleController {

    @GetMapping({"/console", "/console/"})
    public String console() {
        return "redirect:/console/index.html";
    }
}
